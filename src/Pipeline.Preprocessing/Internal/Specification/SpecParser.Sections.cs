using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Preprocessing.Internal.Specification;

internal static partial class SpecParser
{
    private static InputSpec ParseInput(JsonFieldReader reader, JsonObject? section, ColumnReference? target)
    {
        const string Path = "$.input";
        var defaults = new InputSpec();
        if (section is null)
        {
            return defaults with { Header = target?.Name is not null || target is null };
        }

        reader.RejectUnknown(section, Path, "format", "header", "delimiter", "quote", "encoding", "thousandsSeparator", "decimalSeparator", "missingValues", "trimSpaces");
        var delimiter = reader.Character(section, "delimiter", Path, allowEmpty: false) ?? defaults.Delimiter;
        var quote = reader.Character(section, "quote", Path, allowEmpty: true);
        var thousands = reader.Character(section, "thousandsSeparator", Path, allowEmpty: true);
        var decimalSeparator = reader.Character(section, "decimalSeparator", Path, allowEmpty: false) ?? '.';
        var encoding = reader.String(section, "encoding", Path) ?? defaults.Encoding;
        if (!TextEncodings.TryGet(encoding, out _))
        {
            reader.Problem($"{Path}.encoding", $"unknown encoding \"{encoding}\". Use a name such as \"utf-8\", \"utf-8-sig\", \"utf-16\", \"latin-1\" or \"windows-1252\".");
        }

        if (delimiter is '\r' or '\n')
        {
            reader.Problem($"{Path}.delimiter", "cannot be a line break.");
        }

        if (quote is not null && quote != '\0' && quote != '"')
        {
            reader.Problem($"{Path}.quote", $"\"{quote}\" is not supported: the CSV reader handles the standard double quote (\") or no quoting (\"\").");
        }

        if (quote == delimiter)
        {
            reader.Problem($"{Path}.quote", "must differ from the delimiter.");
        }

        if (thousands is { } separator && separator != '\0' && (separator == decimalSeparator || char.IsDigit(separator)))
        {
            reader.Problem($"{Path}.thousandsSeparator", $"\"{separator}\" must differ from the decimal separator and from digits.");
        }

        if (decimalSeparator != '.' && decimalSeparator != ',')
        {
            reader.Problem($"{Path}.decimalSeparator", $"must be \".\" or \",\", got \"{decimalSeparator}\".");
        }

        var header = reader.Boolean(section, "header", Path);
        return new InputSpec
        {
            Format = reader.Enum(section, "format", Path, SpecNames.InputFormats) ?? InputFormat.Auto,
            Header = header ?? (target?.Name is not null || target is null),
            Delimiter = delimiter,
            Quote = quote switch { null => '"', '\0' => null, _ => quote },
            Encoding = encoding,
            ThousandsSeparator = thousands == '\0' ? null : thousands,
            DecimalSeparator = decimalSeparator,
            MissingValues = reader.Strings(section, "missingValues", Path) ?? defaults.MissingValues,
            TrimSpaces = reader.Boolean(section, "trimSpaces", Path) ?? true,
        };
    }

    private static Dictionary<string, ColumnSpec> ParseColumns(JsonFieldReader reader, JsonObject? section)
    {
        var result = new Dictionary<string, ColumnSpec>(StringComparer.Ordinal);
        if (section is null)
        {
            return result;
        }

        foreach (var (name, node) in section)
        {
            var path = $"$.columns.{name}";
            if (node is not JsonObject column)
            {
                reader.Problem(path, $"must be an object such as {{ \"type\": \"categorical\" }}, got {JsonFieldReader.Describe(node)}.");
                continue;
            }

            reader.RejectUnknown(column, path, "type", "missing", "fillValue", "encoding", "maxCategories", "categories");
            var spec = new ColumnSpec
            {
                Type = reader.Enum(column, "type", path, SpecNames.ColumnTypes) ?? ColumnType.Auto,
                Missing = reader.Enum(column, "missing", path, SpecNames.MissingTreatments),
                FillValue = ReadFillValue(reader, column, path),
                Encoding = reader.Enum(column, "encoding", path, SpecNames.Encodings),
                MaxCategories = (int?)reader.Integer(column, "maxCategories", path, 1, 100_000),
                Categories = reader.Strings(column, "categories", path),
            };

            CheckColumn(reader, spec, path);
            result[name] = spec;
        }

        return result;
    }

    private static void CheckColumn(JsonFieldReader reader, ColumnSpec spec, string path)
    {
        if (spec.Missing == MissingTreatment.Constant && spec.FillValue is null)
        {
            reader.Problem($"{path}.fillValue", "is required when missing is \"constant\".");
        }

        if (spec.Type == ColumnType.Numeric && spec.FillValue is { } fill
            && !double.TryParse(fill, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            reader.Problem($"{path}.fillValue", $"must be a number for a numeric column, got \"{fill}\".");
        }

        var categoricalOnly = spec.Encoding is not null || spec.Categories is not null || spec.MaxCategories is not null;
        if (categoricalOnly && spec.Type is ColumnType.Numeric or ColumnType.DateTime)
        {
            reader.Problem(path, "sets encoding, categories or maxCategories, which apply only to categorical columns; set type to \"categorical\" or remove them.");
        }

        if (spec.Type == ColumnType.Categorical && spec.Missing is MissingTreatment.Mean or MissingTreatment.Median or MissingTreatment.Zero)
        {
            reader.Problem($"{path}.missing", "mean, median and zero apply to numeric columns; use keep, mode, constant, dropRow or fail for a categorical column.");
        }
    }

    private static string? ReadFillValue(JsonFieldReader reader, JsonObject column, string path)
    {
        if (!column.TryGetPropertyValue("fillValue", out var node) || node is null)
        {
            return null;
        }

        return node.GetValueKind() switch
        {
            JsonValueKind.String => node.GetValue<string>(),
            JsonValueKind.Number => node.ToJsonString(),
            _ => Reject(),
        };

        string? Reject()
        {
            reader.Problem($"{path}.fillValue", $"must be a number or a string, got {JsonFieldReader.Describe(node)}.");
            return null;
        }
    }

    private static MissingValueSpec ParseMissing(JsonFieldReader reader, JsonObject? section)
    {
        const string Path = "$.missing";
        if (section is null)
        {
            return new MissingValueSpec();
        }

        reader.RejectUnknown(section, Path, "numeric", "categorical", "numericFillValue", "categoricalFillValue");
        var categorical = reader.Enum(section, "categorical", Path, SpecNames.MissingTreatments) ?? MissingTreatment.Keep;
        if (categorical is MissingTreatment.Mean or MissingTreatment.Median or MissingTreatment.Zero)
        {
            reader.Problem($"{Path}.categorical", "mean, median and zero apply to numeric columns; use keep, mode, constant, dropRow or fail.");
        }

        return new MissingValueSpec
        {
            Numeric = reader.Enum(section, "numeric", Path, SpecNames.MissingTreatments) ?? MissingTreatment.Keep,
            Categorical = categorical,
            NumericFillValue = reader.Number(section, "numericFillValue", Path, double.MinValue, double.MaxValue) ?? 0,
            CategoricalFillValue = reader.String(section, "categoricalFillValue", Path) ?? "missing",
        };
    }

    private static CategoricalSpec ParseCategorical(JsonFieldReader reader, JsonObject? section)
    {
        const string Path = "$.categorical";
        if (section is null)
        {
            return new CategoricalSpec();
        }

        reader.RejectUnknown(section, Path, "encoding", "maxCategories", "minFrequency");
        return new CategoricalSpec
        {
            Encoding = reader.Enum(section, "encoding", Path, SpecNames.Encodings) ?? CategoricalEncoding.Auto,
            MaxCategories = (int?)reader.Integer(section, "maxCategories", Path, 1, 100_000) ?? 20,
            MinFrequency = (int?)reader.Integer(section, "minFrequency", Path, 1, int.MaxValue) ?? 1,
        };
    }

    private static OutputSpec ParseOutput(JsonFieldReader reader, JsonObject? section)
    {
        if (section is null)
        {
            return new OutputSpec();
        }

        reader.RejectUnknown(section, "$.output", "format");
        return new OutputSpec { Format = reader.Enum(section, "format", "$.output", SpecNames.OutputFormats) ?? OutputFormat.Csv };
    }
}
