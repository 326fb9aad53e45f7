using System.Text.Json.Nodes;
using Pipeline.Aws.SageMaker;
using Pipeline.Aws.StepFunctions;

namespace Pipeline.Aws.Tests;

public sealed class AwsPaginatorTests
{
    [Fact]
    public async Task PaginateAsync_ThreePages_YieldsAllItemsInOrder()
    {
        var tokens = new List<string?>();
        var pages = new Dictionary<string, (int[] Items, string? Next)>
        {
            [""] = ([1, 2], "t1"),
            ["t1"] = ([], "t2"),
            ["t2"] = ([3], null),
        };

        var items = await AwsPaginator.PaginateAsync(
            (token, _) =>
            {
                tokens.Add(token);
                return Task.FromResult(pages[token ?? string.Empty]);
            },
            page => page.Items,
            page => page.Next).ToListAsync();

        Assert.Equal([1, 2, 3], items);
        Assert.Equal([null, "t1", "t2"], tokens);
    }

    [Fact]
    public async Task PaginateAsync_RepeatedToken_Throws()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await AwsPaginator.PaginateAsync(
            (_, _) => Task.FromResult("same"),
            _ => new[] { 1 },
            page => page).ToListAsync());

        Assert.Contains("'same'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAllTrainingJobsAsync_RealPages_FollowsNextToken()
    {
        using var server = new LocalAwsServer(TestClients.Credentials, request =>
            JsonNode.Parse(request.BodyText)!["NextToken"] is null
                ? new ServerResponse(200, """{"TrainingJobSummaries":[{"TrainingJobName":"a","CreationTime":1,"TrainingJobStatus":"InProgress"}],"NextToken":"p2"}""")
                : new ServerResponse(200, """{"TrainingJobSummaries":[{"TrainingJobName":"b","CreationTime":2,"TrainingJobStatus":"InProgress"}]}"""));
        using var json = TestClients.JsonClient(AwsService.SageMaker, server);

        var jobs = await new SageMakerClient(json).ListAllTrainingJobsAsync(new ListTrainingJobsRequest { StatusEquals = TrainingJobStatus.InProgress }).ToListAsync();

        Assert.Equal(["a", "b"], jobs.Select(job => job.TrainingJobName));
        var bodies = server.Requests.Select(request => JsonNode.Parse(request.BodyText)!.AsObject()).ToArray();
        Assert.Equal("InProgress", (string?)bodies[1]["StatusEquals"]);
        Assert.Equal("p2", (string?)bodies[1]["NextToken"]);
    }

    [Fact]
    public async Task ListAllExecutionsAsync_RealPages_UsesCamelCaseToken()
    {
        using var server = new LocalAwsServer(TestClients.Credentials, request =>
            JsonNode.Parse(request.BodyText)!["nextToken"] is null
                ? new ServerResponse(200, """{"executions":[{"executionArn":"e1","status":"RUNNING","startDate":1}],"nextToken":"n"}""")
                : new ServerResponse(200, """{"executions":[{"executionArn":"e2","status":"RUNNING","startDate":2}]}"""));
        using var json = TestClients.JsonClient(AwsService.StepFunctions, server);

        var executions = await new StepFunctionsClient(json).ListAllExecutionsAsync(new ListExecutionsRequest { StateMachineArn = "arn:m", StatusFilter = ExecutionStatus.Running }).ToListAsync();

        Assert.Equal(["e1", "e2"], executions.Select(execution => execution.ExecutionArn));
        Assert.Equal("RUNNING", (string?)JsonNode.Parse(server.Requests.First().BodyText)!["statusFilter"]);
    }
}
