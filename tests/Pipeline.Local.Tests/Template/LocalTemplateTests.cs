using System.Text.Json.Nodes;
using Pipeline.Local.Template;

namespace Pipeline.Local.Tests.Template;

public sealed class LocalTemplateTests
{
    private static LocalTemplate LoadRepositoryTemplate() =>
        LocalTemplate.Load(RepositoryPaths.Of("template.yaml"), new DeploymentEnvironment { StackName = "demo" });

    [Fact]
    public void Load_RepositoryTemplate_ResolvesBucketName()
    {
        var template = LoadRepositoryTemplate();

        var bucket = Assert.Single(template.Buckets);
        Assert.Equal("demo-data-000000000000-us-east-1", bucket.BucketName);
    }

    [Fact]
    public void Load_RepositoryTemplate_WiresDataArrivedToIncomingCsv()
    {
        var template = LoadRepositoryTemplate();

        var function = template.Functions.Single(f => f.LogicalId == "DataArrivedFunction");
        var source = Assert.Single(function.S3Events);
        Assert.Equal("demo-data-000000000000-us-east-1", source.BucketName);
        Assert.Equal("incoming/", source.Prefix);
        Assert.Equal(".csv", source.Suffix);
        Assert.Equal(["s3:ObjectCreated:*"], source.Events);
        Assert.Equal("Pipeline.Functions::Pipeline.Functions.DataArrived.Function::HandleAsync", function.Handler);
        Assert.Equal("dotnet10", function.Runtime);
        Assert.Equal(60, function.TimeoutSeconds);
        Assert.Equal("arn:aws:states:us-east-1:000000000000:stateMachine:demo-retrain", function.Environment["STATE_MACHINE_ARN"]);
        Assert.Equal("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1", function.Environment["DEFAULT_TRAINING_IMAGE"]);
    }

    [Fact]
    public void Load_RepositoryTemplate_SubstitutesDefinition()
    {
        var template = LoadRepositoryTemplate();

        var machine = Assert.Single(template.StateMachines);
        Assert.Equal("demo-retrain", machine.Name);
        Assert.DoesNotContain("${", machine.Definition, StringComparison.Ordinal);
        var definition = JsonNode.Parse(machine.Definition)!;
        Assert.Equal("demo-preprocess", definition["States"]!["Preprocess"]!["Parameters"]!["JobName"]!.GetValue<string>());
        Assert.Equal(
            "arn:aws:lambda:us-east-1:000000000000:function:demo-EvaluateCandidateFunction",
            definition["States"]!["EvaluateCandidate"]!["Parameters"]!["FunctionName"]!.GetValue<string>());
    }

    [Fact]
    public void Load_RepositoryTemplate_ReadsGlueJob()
    {
        var template = LoadRepositoryTemplate();

        var job = Assert.Single(template.GlueJobs);
        Assert.Equal("demo-preprocess", job.Name);
        Assert.Equal(4, job.MaxConcurrentRuns);
        Assert.Equal(60, job.TimeoutMinutes);
        Assert.Equal("python", job.DefaultArguments["--job-language"]);
    }

    [Fact]
    public void Load_ParameterOverride_ChangesImage()
    {
        var template = LocalTemplate.Load(
            RepositoryPaths.Of("template.yaml"),
            new DeploymentEnvironment { ParameterOverrides = new Dictionary<string, string> { ["SageMakerXGBoostImage"] = "my-image:1" } });

        var function = template.Functions.Single(f => f.LogicalId == "DataArrivedFunction");
        Assert.Equal("my-image:1", function.Environment["DEFAULT_TRAINING_IMAGE"]);
    }

    [Fact]
    public void Load_GetAttRoleId_IsStableAcrossLoads()
    {
        var path = Path.Combine(Path.GetTempPath(), $"template-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, """
            Resources:
              Role:
                Type: AWS::IAM::Role
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: A::B::C
                  Environment:
                    Variables:
                      ROLE_ID: !GetAtt Role.RoleId
            """);
        try
        {
            var first = LocalTemplate.Load(path).Functions[0].Environment["ROLE_ID"];
            var second = LocalTemplate.Load(path).Functions[0].Environment["ROLE_ID"];

            Assert.Equal(first, second);
            Assert.Matches("^AROA[0-9A-F]{16}$", first);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_RefToUnknownResource_NamesIt()
    {
        var path = Path.Combine(Path.GetTempPath(), $"template-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, """
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: A::B::C
                  Environment:
                    Variables:
                      X: !Ref Missing
            """);
        try
        {
            var error = Assert.Throws<TemplateException>(() => LocalTemplate.Load(path));
            Assert.Contains("'Missing'", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
