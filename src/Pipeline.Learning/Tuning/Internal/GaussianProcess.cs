namespace Pipeline.Learning.Tuning;

/// <summary>
/// Gaussian-process regression on the unit cube with a Matérn 5/2 kernel. Targets are standardized; the length scale
/// and noise are picked from a small grid by the log marginal likelihood, which is robust for the few dozen points a
/// tuning job produces.
/// </summary>
internal sealed class GaussianProcess
{
    private static readonly double[] LengthScales = [0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1.2, 2.0];
    private static readonly double[] Noises = [1e-6, 1e-4, 1e-2, 1e-1];

    private readonly double[][] _points;
    private readonly double[] _alpha;
    private readonly double[,] _cholesky;
    private readonly double _mean;
    private readonly double _scale;
    private readonly double _lengthScale;

    private GaussianProcess(double[][] points, double[] alpha, double[,] cholesky, double mean, double scale, double lengthScale)
    {
        _points = points;
        _alpha = alpha;
        _cholesky = cholesky;
        _mean = mean;
        _scale = scale;
        _lengthScale = lengthScale;
    }

    /// <summary>Fits the process to observed points and values.</summary>
    public static GaussianProcess Fit(IReadOnlyList<double[]> points, IReadOnlyList<double> values)
    {
        var mean = values.Average();
        var variance = values.Sum(value => (value - mean) * (value - mean)) / Math.Max(1, values.Count - 1);
        var scale = variance > 1e-12 ? Math.Sqrt(variance) : 1;
        var targets = values.Select(value => (value - mean) / scale).ToArray();
        var x = points.ToArray();

        GaussianProcess? best = null;
        var bestLikelihood = double.NegativeInfinity;
        foreach (var lengthScale in LengthScales)
        {
            foreach (var noise in Noises)
            {
                var cholesky = TryCholesky(Covariance(x, lengthScale, noise));
                if (cholesky is null)
                {
                    continue;
                }

                var alpha = Solve(cholesky, targets);
                var logDeterminant = 0.0;
                for (var i = 0; i < x.Length; i++)
                {
                    logDeterminant += Math.Log(cholesky[i, i]);
                }

                var likelihood = (-0.5 * targets.Zip(alpha, (t, a) => t * a).Sum()) - logDeterminant;
                if (likelihood > bestLikelihood)
                {
                    bestLikelihood = likelihood;
                    best = new GaussianProcess(x, alpha, cholesky, mean, scale, lengthScale);
                }
            }
        }

        return best ?? throw new InvalidOperationException("The Gaussian process could not be fitted: every covariance matrix was singular.");
    }

    /// <summary>Returns the posterior mean and standard deviation at a point, in the units of the fitted values.</summary>
    public (double Mean, double StandardDeviation) Predict(double[] point)
    {
        var n = _points.Length;
        var k = new double[n];
        for (var i = 0; i < n; i++)
        {
            k[i] = Kernel(_points[i], point, _lengthScale);
        }

        var mean = k.Zip(_alpha, (a, b) => a * b).Sum();
        var v = ForwardSubstitute(_cholesky, k);
        var variance = Math.Max(1e-12, 1 - v.Sum(value => value * value));
        return (_mean + (mean * _scale), Math.Sqrt(variance) * _scale);
    }

    private static double Kernel(double[] a, double[] b, double lengthScale)
    {
        var squared = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = a[i] - b[i];
            squared += d * d;
        }

        var r = Math.Sqrt(5 * squared) / lengthScale;
        return (1 + r + (r * r / 3)) * Math.Exp(-r);
    }

    private static double[,] Covariance(double[][] x, double lengthScale, double noise)
    {
        var n = x.Length;
        var matrix = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var value = Kernel(x[i], x[j], lengthScale) + (i == j ? noise : 0);
                matrix[i, j] = value;
                matrix[j, i] = value;
            }
        }

        return matrix;
    }

    private static double[,]? TryCholesky(double[,] matrix)
    {
        var n = matrix.GetLength(0);
        var lower = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = matrix[i, j];
                for (var k = 0; k < j; k++)
                {
                    sum -= lower[i, k] * lower[j, k];
                }

                if (i == j)
                {
                    if (sum <= 0)
                    {
                        return null;
                    }

                    lower[i, i] = Math.Sqrt(sum);
                }
                else
                {
                    lower[i, j] = sum / lower[j, j];
                }
            }
        }

        return lower;
    }

    private static double[] ForwardSubstitute(double[,] lower, double[] b)
    {
        var n = b.Length;
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            var sum = b[i];
            for (var k = 0; k < i; k++)
            {
                sum -= lower[i, k] * y[k];
            }

            y[i] = sum / lower[i, i];
        }

        return y;
    }

    private static double[] Solve(double[,] lower, double[] b)
    {
        var y = ForwardSubstitute(lower, b);
        var n = b.Length;
        var x = new double[n];
        for (var i = n - 1; i >= 0; i--)
        {
            var sum = y[i];
            for (var k = i + 1; k < n; k++)
            {
                sum -= lower[k, i] * x[k];
            }

            x[i] = sum / lower[i, i];
        }

        return x;
    }
}
