namespace Pipeline.Learning.Internal;

/// <summary>Algorithms the local trainer runs.</summary>
internal enum AlgorithmKind
{
    XGBoost,
    LightGbm,

    /// <summary>A bring-your-own algorithm run as a local program that follows the SageMaker container contract.</summary>
    Process,
}

/// <summary>The algorithm a training image names, and a note when its version differs from the local library.</summary>
internal sealed record TrainingImage(AlgorithmKind Kind, string Name, string? VersionWarning, bool Regression = false);

/// <summary>Recognizes SageMaker image URIs: "&lt;account&gt;.dkr.ecr.&lt;region&gt;.amazonaws.com/sagemaker-xgboost:1.7-1".</summary>
internal static class TrainingImages
{
    public static TrainingImage Resolve(string? image)
    {
        if (string.IsNullOrWhiteSpace(image))
        {
            throw new AlgorithmException("AlgorithmSpecification.TrainingImage is empty. Use a SageMaker XGBoost image URI such as '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1'.");
        }

        if (image.StartsWith("file://", StringComparison.Ordinal))
        {
            var program = new Uri(image).LocalPath;
            if (!File.Exists(program))
            {
                throw new AlgorithmException($"Training image '{image}' names the local program '{program}', which does not exist. Point file:// at an executable that implements the SageMaker training contract.");
            }

            return new TrainingImage(AlgorithmKind.Process, program, null);
        }

        var slash = image.LastIndexOf('/');
        var repositoryAndTag = image[(slash + 1)..];
        var at = repositoryAndTag.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            repositoryAndTag = repositoryAndTag[..at];
        }

        var colon = repositoryAndTag.IndexOf(':', StringComparison.Ordinal);
        var repository = (colon < 0 ? repositoryAndTag : repositoryAndTag[..colon]).ToLowerInvariant();
        var tag = colon < 0 ? "latest" : repositoryAndTag[(colon + 1)..];

        switch (repository)
        {
            case "sagemaker-xgboost" or "xgboost":
                var warning = tag.StartsWith("1.7", StringComparison.Ordinal) ? null : tag;
                return new TrainingImage(AlgorithmKind.XGBoost, "XGBoost", warning);
            case var name when name.Contains("lightgbm", StringComparison.Ordinal):
                // SageMaker runs LightGBM from a JumpStart script image; locally any repository naming lightgbm selects it.
                var regression = image.Contains("regression", StringComparison.OrdinalIgnoreCase);
                return new TrainingImage(AlgorithmKind.LightGbm, "LightGBM", null, regression);
            default:
                throw new AlgorithmException(
                    $"Training image '{image}' is not an algorithm the local runtime can run. Use a SageMaker XGBoost image (repository 'sagemaker-xgboost', tag '1.7-1') or a LightGBM image (a repository whose name contains 'lightgbm'), or run your own algorithm as a local program with 'file:///path/to/train'.");
        }
    }
}
