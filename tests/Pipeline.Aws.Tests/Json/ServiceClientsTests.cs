using System.Text.Json.Nodes;
using Pipeline.Aws.CloudWatch;
using Pipeline.Aws.Glue;
using Pipeline.Aws.SageMaker;
using Pipeline.Aws.StepFunctions;

namespace Pipeline.Aws.Tests.Json;

/// <summary>Each typed operation against the local server: target header, request members and response parsing.</summary>
public sealed class ServiceClientsTests
{
    [Fact]
    public async Task StartJobRun_Arguments_AreSentAsGlueJson11()
    {
        using var server = new LocalAwsServer(TestClients.Credentials, _ => new ServerResponse(200, """{"JobRunId":"jr_0123"}"""));
        using var json = TestClients.JsonClient(AwsService.Glue, server);

        var response = await new GlueClient(json).StartJobRunAsync(new StartJobRunRequest
        {
            JobName = "preprocess",
            Arguments = new Dictionary<string, string> { ["--input_uri"] = "s3://b/incoming/ds/x.csv", ["--spec"] = """{"target":"y"}""" },
        });

        var request = Assert.Single(server.Requests);
        Assert.True(request.SignatureValid, request.SignatureDetail);
        Assert.Equal("AWSGlue.StartJobRun", request.Headers["X-Amz-Target"]);
        Assert.Equal("application/x-amz-json-1.1", request.Headers["Content-Type"]);
        var body = JsonNode.Parse(request.BodyText)!.AsObject();
        Assert.Equal("preprocess", (string?)body["JobName"]);
        Assert.Equal("s3://b/incoming/ds/x.csv", (string?)body["Arguments"]!["--input_uri"]);
        Assert.Equal("""{"target":"y"}""", (string?)body["Arguments"]!["--spec"]);
        Assert.False(body.ContainsKey("Timeout"));
        Assert.Equal("jr_0123", response.JobRunId);
    }

    [Fact]
    public async Task GetJobRun_Response_IsParsed()
    {
        using var server = new LocalAwsServer(TestClients.Credentials, _ => new ServerResponse(200, """
            {"JobRun":{"Id":"jr_1","Attempt":0,"JobName":"preprocess","StartedOn":1700000000,"CompletedOn":1700000060.25,"JobRunState":"FAILED","ErrorMessage":"target column y not found","ExecutionTime":60,"Arguments":{"--dataset":"ds"}}}
            """));
        using var json = TestClients.JsonClient(AwsService.Glue, server);

        var response = await new GlueClient(json).GetJobRunAsync(new GetJobRunRequest { JobName = "preprocess", RunId = "jr_1" });

        var run = response.JobRun!;
        Assert.Equal(JobRunState.Failed, run.JobRunState);
        Assert.Equal("target column y not found", run.ErrorMessage);
        Assert.Equal(60, run.ExecutionTime);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_060_250), run.CompletedOn);
        Assert.Equal("ds", run.Arguments!["--dataset"]);
        var body = JsonNode.Parse(Assert.Single(server.Requests).BodyText)!.AsObject();
        Assert.Equal("jr_1", (string?)body["RunId"]);
    }

    [Fact]
    public async Task BatchStopJobRun_PartialFailure_ReportsBoth()
    {
        using var server = new LocalAwsServer(TestClients.Credentials, _ => new ServerResponse(200, """
            {"SuccessfulSubmissions":[{"JobName":"preprocess","JobRunId":"jr_1"}],"Errors":[{"JobName":"preprocess","JobRunId":"jr_2","ErrorDetail":{"ErrorCode":"InvalidInputException","ErrorMessage":"Job run jr_2 is not running"}}]}
            """));
        using var json = TestClients.JsonClient(AwsService.Glue, server);

        var response = await new GlueClient(json).BatchStopJobRunAsync(new BatchStopJobRunRequest { JobName = "preprocess", JobRunIds = ["jr_1", "jr_2"] });

        Assert.Equal("jr_1", Assert.Single(response.SuccessfulSubmissions).JobRunId);
        Assert.Equal("InvalidInputException", Assert.Single(response.Errors).ErrorDetail!.ErrorCode);
        var body = JsonNode.Parse(Assert.Single(server.Requests).BodyText)!.AsObject();
        Assert.Equal(2, body["JobRunIds"]!.AsArray().Count);
    }

    [Fact]
    public async Task StopOperations_SendTheirTargets()
    {
        using var server = new LocalAwsServer(TestClients.Credentials, _ => new ServerResponse(200, string.Empty));
        using var sageMakerJson = TestClients.JsonClient(AwsService.SageMaker, server);
        using var stepFunctionsJson = TestClients.JsonClient(AwsService.StepFunctions, server);
        var sageMaker = new SageMakerClient(sageMakerJson);

        await sageMaker.StopTrainingJobAsync(new StopTrainingJobRequest { TrainingJobName = "ds-1" });
        await sageMaker.StopHyperParameterTuningJobAsync(new StopHyperParameterTuningJobRequest { HyperParameterTuningJobName = "ds-tune" });
        await new StepFunctionsClient(stepFunctionsJson).StopExecutionAsync(new StopExecutionRequest { ExecutionArn = "arn:e", Error = "RunawayJob", Cause = "alarm" });

        var requests = server.Requests.ToArray();
        Assert.Equal(["SageMaker.StopTrainingJob", "SageMaker.StopHyperParameterTuningJob", "AWSStepFunctions.StopExecution"], requests.Select(request => request.Headers["X-Amz-Target"]));
        Assert.Equal("ds-1", (string?)JsonNode.Parse(requests[0].BodyText)!["TrainingJobName"]);
        Assert.Equal("ds-tune", (string?)JsonNode.Parse(requests[1].BodyText)!["HyperParameterTuningJobName"]);
        var stop = JsonNode.Parse(requests[2].BodyText)!.AsObject();
        Assert.Equal("arn:e", (string?)stop["executionArn"]);
        Assert.Equal("RunawayJob", (string?)stop["error"]);
        Assert.Equal("alarm", (string?)stop["cause"]);
        Assert.All(requests, request => Assert.True(request.SignatureValid, request.SignatureDetail));
    }

    [Fact]
    public async Task PutMetricData_Datum_IsSentAsCloudWatchJson10()
    {
        using var server = new LocalAwsServer(TestClients.Credentials, _ => new ServerResponse(200, string.Empty));
        using var json = TestClients.JsonClient(AwsService.CloudWatch, server);

        await new CloudWatchClient(json).PutMetricDataAsync(new PutMetricDataRequest
        {
            Namespace = "ml-pipeline/RunawayJobs",
            MetricData = [new MetricDatum { MetricName = "OldestTrainingJobAgeSeconds", Value = 5400, Unit = StandardUnit.Seconds, Timestamp = DateTimeOffset.FromUnixTimeSeconds(1_765_000_000) }],
        });

        var request = Assert.Single(server.Requests);
        Assert.True(request.SignatureValid, request.SignatureDetail);
        Assert.Equal("GraniteServiceVersion20100801.PutMetricData", request.Headers["X-Amz-Target"]);
        Assert.Equal("application/x-amz-json-1.0", request.Headers["Content-Type"]);
        Assert.Contains("/eu-west-1/monitoring/aws4_request", request.Headers["Authorization"], StringComparison.Ordinal);
        var body = JsonNode.Parse(request.BodyText)!.AsObject();
        Assert.Equal("ml-pipeline/RunawayJobs", (string?)body["Namespace"]);
        var datum = body["MetricData"]![0]!.AsObject();
        Assert.Equal("OldestTrainingJobAgeSeconds", (string?)datum["MetricName"]);
        Assert.Equal(5400, (double?)datum["Value"]);
        Assert.Equal("Seconds", (string?)datum["Unit"]);
        Assert.Equal(1_765_000_000, (double?)datum["Timestamp"]);
        Assert.False(datum.ContainsKey("Dimensions"));
    }

    [Fact]
    public async Task DescribeExecution_Response_IsParsed()
    {
        using var server = new LocalAwsServer(TestClients.Credentials, _ => new ServerResponse(200, """
            {"executionArn":"arn:e","stateMachineArn":"arn:m","name":"e","status":"FAILED","startDate":1700000000,"stopDate":1700000100,"input":"{}","error":"States.TaskFailed","cause":"boom"}
            """));
        using var json = TestClients.JsonClient(AwsService.StepFunctions, server);

        var response = await new StepFunctionsClient(json).DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = "arn:e" });

        Assert.Equal(ExecutionStatus.Failed, response.Status);
        Assert.Equal("States.TaskFailed", response.Error);
        Assert.Equal("boom", response.Cause);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_100), response.StopDate);
        Assert.Equal("arn:e", (string?)JsonNode.Parse(Assert.Single(server.Requests).BodyText)!["executionArn"]);
    }

    [Fact]
    public async Task DescribeModelPackage_UnknownMembers_AreKept()
    {
        using var server = new LocalAwsServer(TestClients.Credentials, _ => new ServerResponse(200, """
            {"ModelPackageArn":"arn:p","ModelApprovalStatus":"Approved","CreationTime":1700000000,"CustomerMetadataProperties":{"validation:auc":"0.97"},"InferenceSpecification":{"Containers":[{"Image":"img"}]}}
            """));
        using var json = TestClients.JsonClient(AwsService.SageMaker, server);

        var response = await new SageMakerClient(json).DescribeModelPackageAsync(new DescribeModelPackageRequest { ModelPackageName = "arn:p" });

        Assert.Equal("0.97", response.CustomerMetadataProperties!["validation:auc"]);
        Assert.True(response.AdditionalProperties!.ContainsKey("InferenceSpecification"));
    }
}
