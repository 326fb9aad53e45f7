using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.StateMachines;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline test</c>: runs a state machine definition locally with mocked tasks and skipped waits.</summary>
internal static class TestCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var definitionArgument = new Argument<FileInfo>("definition") { Description = "The state machine definition (Amazon States Language JSON), for example statemachines/retrain.asl.json." };
        var inputOption = new Option<string>("--input") { Description = "The execution input as JSON text, or @FILE to read it from a file. Default: {}." };
        var mockConfigOption = new Option<FileInfo?>("--mock-config") { Description = "A Step Functions Local mock configuration file (StateMachines, TestCases, MockedResponses)." };
        var testCaseOption = new Option<string?>("--test-case") { Description = "The test case of the mock configuration to run." };
        var stateMachineOption = new Option<string?>("--state-machine") { Description = "The state machine name in the mock configuration and the ARN. Default: the definition file name without .asl.json." };
        var executionNameOption = new Option<string>("--execution-name") { Description = "The execution name, exposed as $$.Execution.Name. Default: test." };
        var jsonOption = new Option<bool>("--json") { Description = "Print one JSON object: status, output or error and cause, and the events as GetExecutionHistory returns them." };
        var command = new Command("test", "Run a state machine definition to its end with mocked Task states; Wait states, retries and timeouts take no real time.")
        {
            definitionArgument, inputOption, mockConfigOption, testCaseOption, stateMachineOption, executionNameOption, jsonOption,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            // System.CommandLine's default exception handler would print a stack trace for bad input, so the
            // command reports its own user errors the way CliErrors does: one line on stderr and exit code 1.
            try
            {
                return await RunAsync(parse, cancellationToken).ConfigureAwait(false);
            }
            catch (UserErrorException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
                return CliErrors.UserError;
            }
        });
        return command;

        async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
        {
            var file = parse.GetValue(definitionArgument)!;
            var request = new LocalTestRequest(ReadDefinition(file), ReadInput(parse.GetValue(inputOption)))
            {
                StateMachineName = parse.GetValue(stateMachineOption) ?? DefaultName(file),
                ExecutionName = parse.GetValue(executionNameOption) ?? "test",
                Mocks = ReadMocks(parse.GetValue(mockConfigOption), parse.GetValue(testCaseOption)),
                TestCase = parse.GetValue(testCaseOption),
            };
            ExecutionResult result;
            try
            {
                result = await LocalTestRunner.RunAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidDefinitionException ex)
            {
                var lines = string.Join(Environment.NewLine, ex.Diagnostics.Select(d => "  " + d));
                throw new UserErrorException($"The definition {file.FullName} is invalid:{Environment.NewLine}{lines}", ex);
            }
            catch (ArgumentException ex)
            {
                var message = ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", string.Empty, StringComparison.Ordinal);
                throw new UserErrorException(message, ex);
            }

            var report = LocalTestRunner.ToReport(result);
            if (parse.GetValue(jsonOption))
            {
                Console.WriteLine(report.ToJsonString(Compact));
            }
            else
            {
                PrintReadable(result, report);
            }

            return 0;
        }
    }

    private static string ReadDefinition(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new UserErrorException($"The definition file {file.FullName} does not exist. Pass the path of an .asl.json file.");
        }

        return File.ReadAllText(file.FullName);
    }

    private static string? ReadInput(string? input)
    {
        if (input is null)
        {
            return null;
        }

        var text = input;
        if (input.StartsWith('@'))
        {
            var path = input[1..];
            if (!File.Exists(path))
            {
                throw new UserErrorException($"The input file {Path.GetFullPath(path)} does not exist. Pass --input @FILE with an existing JSON file, or JSON text.");
            }

            text = File.ReadAllText(path);
        }

        try
        {
            JsonNode.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new UserErrorException($"The --input value is not valid JSON ({ex.Message}). Pass JSON text such as '{{\"dataset\":\"iris\"}}' or @FILE.", ex);
        }

        return text;
    }

    private static MockConfiguration? ReadMocks(FileInfo? file, string? testCase)
    {
        if (file is null)
        {
            if (testCase is not null)
            {
                throw new UserErrorException("--test-case needs --mock-config. Pass the mock configuration file that defines the test case.");
            }

            return null;
        }

        if (!file.Exists)
        {
            throw new UserErrorException($"The mock configuration file {file.FullName} does not exist.");
        }

        if (testCase is null)
        {
            throw new UserErrorException("--mock-config needs --test-case. Pass the name of one of the file's TestCases.");
        }

        try
        {
            return MockConfiguration.Load(file.FullName);
        }
        catch (FormatException ex)
        {
            throw new UserErrorException($"The mock configuration {file.FullName} is invalid: {ex.Message}", ex);
        }
    }

    private static string DefaultName(FileInfo file)
    {
        var name = file.Name;
        foreach (var suffix in (string[])[".asl.json", ".json"])
        {
            if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return name[..^suffix.Length];
            }
        }

        return name;
    }

    private static void PrintReadable(ExecutionResult result, JsonObject report)
    {
        Console.WriteLine($"status: {result.Status.ToAwsName()}");
        if (result.Status == ExecutionStatus.Succeeded)
        {
            Console.WriteLine("output:");
            Console.WriteLine(report["output"]?.ToJsonString(Indented) ?? "null");
        }
        else
        {
            Console.WriteLine($"error:  {result.Error}");
            Console.WriteLine($"cause:  {result.Cause}");
        }

        Console.WriteLine("events:");
        foreach (var historyEvent in result.Events)
        {
            var name = historyEvent.GetDetails()?["name"]?.GetValue<string>();
            Console.WriteLine($"  {historyEvent.Id,4} {historyEvent.Timestamp:HH:mm:ss.fff} {historyEvent.Type}{(name is null ? string.Empty : " " + name)}");
        }
    }
}
