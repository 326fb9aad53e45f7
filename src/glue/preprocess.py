"""AWS Glue 5.0 job: turn a raw dataset into SageMaker XGBoost training data.

Arguments (as the state machine passes them): --input_uri (the source object), --output_uri (a prefix ending in
"/"), --spec (the preprocessing specification as JSON) and --dataset. The job writes
<output_uri>train/data.csv, <output_uri>validation/data.csv (and test/data.csv when the specification sets a test
fraction) as label-first CSV without a header (or LIBSVM when output.format is "libsvm"), plus
<output_uri>manifest.json. Nothing is written under <output_uri> unless the run succeeds: Spark writes to a
staging prefix beside it, and the files are copied into place at the end.

The semantics are those of the C# engine in src/Pipeline.Preprocessing, which the local runtime runs instead of
this script: the same specification fields and defaults, type inference, split hash, encodings and manifest
(docs/preprocessing.md). The pure-Python part below (everything up to the Spark section) needs only the standard
library; tests/glue/ checks it against the shared vectors in tests/vectors/preprocessing/. pyspark and awsglue
are imported only inside main(), so the module imports without them.
"""

import csv
import datetime
import hashlib
import json
import math
import os
import re
import sys

# ---------------------------------------------------------------------------------------------------------------
# Specification
# ---------------------------------------------------------------------------------------------------------------

PANDAS_MISSING_VALUES = [
    "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
    "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
]

INPUT_FORMATS = ["auto", "csv", "parquet", "jsonl"]
OUTPUT_FORMATS = ["csv", "libsvm"]
TARGET_TYPES = ["auto", "numeric", "categorical"]
TARGET_MISSING = ["dropRow", "fail"]
COLUMN_TYPES = ["auto", "numeric", "categorical", "datetime"]
MISSING_TREATMENTS = ["keep", "mean", "median", "mode", "zero", "constant", "dropRow", "fail"]
ENCODINGS = ["auto", "onehot", "ordinal"]
OPERATORS = ["==", "!=", "<", "<=", ">", ">=", "in", "notIn", "isMissing", "isNotMissing"]

TOP_LEVEL_FIELDS = [
    "target", "targetType", "classes", "targetMissing", "input", "features", "exclude", "columns", "missing",
    "categorical", "deduplicate", "filters", "split", "output", "profile",
]

MAX_DISTINCT = 10000
MAX_DISTINCT_NUMBERS = 1000
MOSTLY_NUMERIC = 0.95
OTHER_CATEGORY = "__other__"


class SpecError(Exception):
    """An invalid specification; `problems` lists every problem with its JSON path."""

    def __init__(self, problems):
        self.problems = problems
        if len(problems) == 1:
            message = "The preprocessing specification is invalid: " + problems[0]
        else:
            message = "The preprocessing specification has %d problems:\n  - %s" % (len(problems), "\n  - ".join(problems))
        super().__init__(message)


class PreprocessingError(Exception):
    """A problem with the input data; the message names the file, line, value and fix, as the C# engine does."""

    def __init__(self, message, line=None, column=None, value=None):
        super().__init__(message)
        self.line = line
        self.column = column
        self.value = value


def _fold(text):
    return text.replace("-", "").replace("_", "").upper()


def _enum(section, name, path, names, default, problems):
    if section.get(name) is None:
        return default
    value = section[name]
    if not isinstance(value, str):
        problems.append("%s.%s: must be a string, got %s." % (path, name, json.dumps(value)))
        return default
    for candidate in names:
        if candidate == value or _fold(candidate) == _fold(value):
            return candidate
    problems.append('%s.%s: unknown value "%s". Use one of: %s.' % (path, name, value, ", ".join('"%s"' % n for n in names)))
    return default


def _reject_unknown(section, path, known, problems):
    for name in section:
        if name not in known:
            problems.append("%s.%s: unknown property '%s'. Known properties: %s." % (path, name, name, ", ".join(known)))


def _column_ref(node, path, problems):
    if isinstance(node, str) and node:
        return node
    if isinstance(node, int) and not isinstance(node, bool) and node >= 0:
        return node
    if isinstance(node, float) and node >= 0 and node == math.floor(node):
        return int(node)
    problems.append("%s: must be a column name (a non-empty string) or a 0-based column index, got %s." % (path, json.dumps(node)))
    return None


def _char(section, name, path, default, allow_empty, problems):
    if section.get(name) is None:
        return default
    value = section[name]
    if isinstance(value, str) and (len(value) == 1 or (allow_empty and value == "")):
        return value
    problems.append('%s.%s: must be a single character%s, got %s.' % (path, name, ' or ""' if allow_empty else "", json.dumps(value)))
    return default


def _number(section, name, path, minimum, maximum, problems):
    if section.get(name) is None:
        return None
    value = section[name]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        problems.append("%s.%s: must be a number, got %s." % (path, name, json.dumps(value)))
        return None
    if value < minimum or value > maximum:
        problems.append("%s.%s: must be between %s and %s, got %s." % (path, name, minimum, maximum, value))
        return None
    return value


def _strings(section, name, path, problems):
    if section.get(name) is None:
        return None
    value = section[name]
    if not isinstance(value, list):
        problems.append("%s.%s: must be an array of strings." % (path, name))
        return None
    result = []
    for index, item in enumerate(value):
        if isinstance(item, str):
            result.append(item)
        elif isinstance(item, (int, float)) and not isinstance(item, bool):
            result.append(json.dumps(item))
        else:
            problems.append("%s.%s[%d]: must be a string." % (path, name, index))
    return result


def parse_spec(spec):
    """Validate a specification (a dict or JSON text) and return it with every default filled in."""
    if isinstance(spec, str):
        try:
            spec = json.loads(spec)
        except ValueError as error:
            raise SpecError(["$: the specification is not valid JSON (%s)." % error])
    if not isinstance(spec, dict):
        raise SpecError(['$: the specification must be a JSON object such as { "target": "label" }.'])
    problems = []
    _reject_unknown(spec, "$", TOP_LEVEL_FIELDS, problems)
    target = None
    if spec.get("target") is None:
        problems.append('$.target: is required: name the label column (for example "target": "diagnosis") or give its 0-based index for a file without a header.')
    else:
        target = _column_ref(spec["target"], "$.target", problems)

    target_type = _enum(spec, "targetType", "$", TARGET_TYPES, "auto", problems)
    classes = _strings(spec, "classes", "$", problems)
    if classes is not None and target_type == "auto":
        target_type = "categorical"

    section = spec.get("input") or {}
    _reject_unknown(section, "$.input", ["format", "header", "delimiter", "quote", "encoding", "thousandsSeparator",
                                         "decimalSeparator", "missingValues", "trimSpaces"], problems)
    quote = _char(section, "quote", "$.input", '"', True, problems)
    thousands = _char(section, "thousandsSeparator", "$.input", None, True, problems)
    header = section.get("header")
    if header is None:
        header = not isinstance(target, int)
    inputs = {
        "format": _enum(section, "format", "$.input", INPUT_FORMATS, "auto", problems),
        "header": header,
        "delimiter": _char(section, "delimiter", "$.input", ",", False, problems),
        "quote": quote if quote else None,
        "encoding": section.get("encoding") or "utf-8",
        "thousandsSeparator": thousands if thousands else None,
        "decimalSeparator": _char(section, "decimalSeparator", "$.input", ".", False, problems),
        "missingValues": _strings(section, "missingValues", "$.input", problems) or list(PANDAS_MISSING_VALUES),
        "trimSpaces": section.get("trimSpaces", True),
    }
    if section.get("missingValues") == []:
        inputs["missingValues"] = []
    if inputs["quote"] not in (None, '"'):
        problems.append('$.input.quote: "%s" is not supported: the CSV reader handles the standard double quote (") or no quoting ("").' % inputs["quote"])
    if inputs["decimalSeparator"] not in (".", ","):
        problems.append('$.input.decimalSeparator: must be "." or ",", got "%s".' % inputs["decimalSeparator"])
    if header is False and isinstance(target, str):
        problems.append("$.target: names the column '%s', but input.header is false so columns have no names. Give the 0-based index instead (for example \"target\": 0)." % target)

    columns = {}
    for name, column in (spec.get("columns") or {}).items():
        path = "$.columns." + name
        if not isinstance(column, dict):
            problems.append('%s: must be an object such as { "type": "categorical" }.' % path)
            continue
        _reject_unknown(column, path, ["type", "missing", "fillValue", "encoding", "maxCategories", "categories"], problems)
        fill = column.get("fillValue")
        columns[name] = {
            "type": _enum(column, "type", path, COLUMN_TYPES, "auto", problems),
            "missing": _enum(column, "missing", path, MISSING_TREATMENTS, None, problems),
            "fillValue": None if fill is None else (fill if isinstance(fill, str) else json.dumps(fill)),
            "encoding": _enum(column, "encoding", path, ENCODINGS, None, problems),
            "maxCategories": _number(column, "maxCategories", path, 1, 100000, problems),
            "categories": _strings(column, "categories", path, problems),
        }
        if columns[name]["missing"] == "constant" and fill is None:
            problems.append('%s.fillValue: is required when missing is "constant".' % path)

    section = spec.get("missing") or {}
    _reject_unknown(section, "$.missing", ["numeric", "categorical", "numericFillValue", "categoricalFillValue"], problems)
    missing = {
        "numeric": _enum(section, "numeric", "$.missing", MISSING_TREATMENTS, "keep", problems),
        "categorical": _enum(section, "categorical", "$.missing", MISSING_TREATMENTS, "keep", problems),
        "numericFillValue": _number(section, "numericFillValue", "$.missing", -sys.float_info.max, sys.float_info.max, problems) or 0,
        "categoricalFillValue": section.get("categoricalFillValue", "missing"),
    }
    if missing["categorical"] in ("mean", "median", "zero"):
        problems.append("$.missing.categorical: mean, median and zero apply to numeric columns; use keep, mode, constant, dropRow or fail.")

    section = spec.get("categorical") or {}
    _reject_unknown(section, "$.categorical", ["encoding", "maxCategories", "minFrequency"], problems)
    categorical = {
        "encoding": _enum(section, "encoding", "$.categorical", ENCODINGS, "auto", problems),
        "maxCategories": int(_number(section, "maxCategories", "$.categorical", 1, 100000, problems) or 20),
        "minFrequency": int(_number(section, "minFrequency", "$.categorical", 1, 2**31 - 1, problems) or 1),
    }

    filters = []
    for index, item in enumerate(spec.get("filters") or []):
        path = "$.filters[%d]" % index
        if not isinstance(item, dict):
            problems.append("%s: must be an object." % path)
            continue
        _reject_unknown(item, path, ["column", "operator", "value", "values"], problems)
        column = _column_ref(item.get("column"), path + ".column", problems)
        operator = item.get("operator")
        if operator not in OPERATORS:
            problems.append("%s.operator: unknown value %s. Use one of: %s." % (path, json.dumps(operator), ", ".join(OPERATORS)))
            continue
        values = ([item["value"]] if "value" in item else []) + list(item.get("values") or [])
        filters.append({"column": column, "operator": operator, "values": [v for v in values if isinstance(v, (str, int, float)) and not isinstance(v, bool)]})

    section = spec.get("split") or {}
    _reject_unknown(section, "$.split", ["train", "validation", "test", "seed"], problems)
    train = _number(section, "train", "$.split", 0, 1, problems)
    validation = _number(section, "validation", "$.split", 0, 1, problems)
    test = _number(section, "test", "$.split", 0, 1, problems) or 0
    if train is None and validation is None:
        train, validation = 1 - 0.2 - test, 0.2
    elif train is None:
        train = 1 - validation - test
    elif validation is None:
        validation = 1 - train - test
    if abs(train + validation + test - 1) > 1e-9:
        problems.append("$.split: train (%r) + validation (%r) + test (%r) must add up to 1, got %r." % (train, validation, test, train + validation + test))
    if train <= 0:
        problems.append("$.split.train: must be greater than 0 so the training job gets data, got %r." % train)
    if validation <= 0:
        problems.append("$.split.validation: must be greater than 0 because the training job reads a validation channel, got %r." % validation)
    seed = section.get("seed", 42)

    section = spec.get("output") or {}
    _reject_unknown(section, "$.output", ["format"], problems)

    result = {
        "target": target,
        "targetType": target_type,
        "classes": classes,
        "targetMissing": _enum(spec, "targetMissing", "$", TARGET_MISSING, "dropRow", problems),
        "input": inputs,
        "features": spec.get("features"),
        "exclude": spec.get("exclude") or [],
        "columns": columns,
        "missing": missing,
        "categorical": categorical,
        "deduplicate": bool(spec.get("deduplicate", False)),
        "filters": filters,
        "split": {"train": train, "validation": validation, "test": test, "seed": int(seed)},
        "output": {"format": _enum(section, "format", "$.output", OUTPUT_FORMATS, "csv", problems)},
        "profile": bool(spec.get("profile", True)),
    }
    if problems:
        raise SpecError(problems)
    return result


# ---------------------------------------------------------------------------------------------------------------
# Values: numbers, dates, the row hash and number formatting
# ---------------------------------------------------------------------------------------------------------------

def normalize_number(raw, thousands=None, decimal="."):
    """Return the plain form of a number (`.` decimal point, no thousands separators), or None if `raw` is not one.

    The grammar is [+-]?(digits[.digits]|.digits)([eE][+-]?digits)?, with an optional thousands separator between
    groups of three integer digits. inf and nan are not numbers, nor is a value beyond the range of a double (1e309).
    """
    i, n = 0, len(raw)
    if i < n and raw[i] in "+-":
        i += 1
    integer_start = i
    rewrite = False
    group_digits = -1
    while i < n:
        c = raw[i]
        if "0" <= c <= "9":
            if group_digits >= 0:
                group_digits += 1
            i += 1
        elif thousands and c == thousands and i > integer_start and (
                (i - integer_start <= 3) if group_digits == -1 else group_digits == 3):
            group_digits = 0
            rewrite = True
            i += 1
        else:
            break
    if group_digits >= 0 and group_digits != 3:
        return None
    integer_digits = i - integer_start
    fraction_digits = 0
    if i < n and raw[i] == decimal:
        rewrite = rewrite or decimal != "."
        i += 1
        fraction_start = i
        while i < n and "0" <= raw[i] <= "9":
            i += 1
        fraction_digits = i - fraction_start
    if integer_digits == 0 and fraction_digits == 0:
        return None
    exponent = 0
    if i < n and raw[i] in "eE":
        i += 1
        negative_exponent = i < n and raw[i] == "-"
        if i < n and raw[i] in "+-":
            i += 1
        exponent_start = i
        while i < n and "0" <= raw[i] <= "9":
            i += 1
        if i == exponent_start:
            return None
        exponent = int(raw[exponent_start:i]) * (-1 if negative_exponent else 1)
    if i != n:
        return None
    plain = raw
    if rewrite:
        plain = "".join("." if c == decimal else c for c in raw if c != thousands)
    # Below 10^300 no value can overflow, so only longer integer parts or larger exponents are parsed to check.
    if integer_digits + exponent > 300 and math.isinf(float(plain)):
        return None
    return plain


_DATE_PATTERN = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(?:Z|([+-])(\d{2}):(\d{2}))?$")
_UNIX_EPOCH_ORDINAL = datetime.date(1970, 1, 1).toordinal()


def parse_unix_seconds(raw):
    """Return an ISO 8601 date or date-time as Unix seconds (UTC when no offset is given), or None."""
    if len(raw) < 10 or raw[4] != "-" or raw[7] != "-" or not raw[0].isdigit():
        return None
    match = _DATE_PATTERN.match(raw)
    if not match:
        return None
    year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
    hour = int(match.group(4) or 0)
    minute = int(match.group(5) or 0)
    second = int(match.group(6) or 0)
    try:
        ordinal = datetime.date(year, month, day).toordinal()
    except ValueError:
        return None
    if hour > 23 or minute > 59 or second > 59:
        return None
    offset = 0
    if match.group(8):
        offset = (int(match.group(9)) * 60 + int(match.group(10))) * 60 * (-1 if match.group(8) == "-" else 1)
    whole = (ordinal - _UNIX_EPOCH_ORDINAL) * 86400 + hour * 3600 + minute * 60 + second - offset
    digits = match.group(7)
    if not digits or int(digits) == 0:
        return float(whole)
    return whole + int(digits) / float(10 ** len(digits))


def format_number(value):
    """Format a computed value as .NET's double.ToString("R") does, so both engines write the same text.

    Shortest round-trip digits; fixed-point when the decimal exponent is from -5 (exclusive) to 17 (exclusive),
    otherwise d.dddE+XX with at least two exponent digits.
    """
    if value == 0:
        return "-0" if math.copysign(1, value) < 0 else "0"
    text = repr(float(value))
    sign = ""
    if text[0] == "-":
        sign, text = "-", text[1:]
    if "e" in text:
        mantissa, exponent = text.split("e")
        exponent = int(exponent)
    else:
        mantissa, exponent = text, 0
    if "." in mantissa:
        whole, fraction = mantissa.split(".")
    else:
        whole, fraction = mantissa, ""
    digits = (whole + fraction).lstrip("0")
    leading_zeros = len(whole + fraction) - len((whole + fraction).lstrip("0"))
    point = len(whole) + exponent - leading_zeros
    digits = digits.rstrip("0") or "0"
    decimal_exponent = point - 1
    if -5 < decimal_exponent < 17:
        if point <= 0:
            return sign + "0." + "0" * (-point) + digits
        if point >= len(digits):
            return sign + digits + "0" * (point - len(digits))
        return sign + digits[:point] + "." + digits[point:]
    result = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    return "%s%sE%s%02d" % (sign, result, "-" if decimal_exponent < 0 else "+", abs(decimal_exponent))


def row_position_and_key(seed, fields):
    """Hash a row as the C# engine does: SHA-256 of UTF-8(seed U+001F field0 U+001F field1 ...).

    Returns (position in [0, 1) from the top 53 bits of the first 8 bytes, 128-bit content key).
    """
    digest = hashlib.sha256(("\x1f".join([str(seed)] + list(fields))).encode("utf-8")).digest()
    head = int.from_bytes(digest[:8], "big")
    return (head >> 11) / float(2 ** 53), digest[:16]


def split_of(position, split):
    if position < split["train"]:
        return "train"
    if position < split["train"] + split["validation"] or split["test"] <= 0:
        return "validation"
    return "test"


# ---------------------------------------------------------------------------------------------------------------
# Reading (pure Python; the Spark job reads with Spark and feeds the same rows into the same functions)
# ---------------------------------------------------------------------------------------------------------------

def _python_encoding(name):
    normalized = name.strip().lower().replace("_", "-")
    return {"utf-8": "utf-8-sig", "utf8": "utf-8-sig", "latin-1": "latin-1", "latin1": "latin-1"}.get(normalized, normalized)


def read_csv_rows(text_lines, spec, source="input"):
    """Yield (column names) first, then (line number, fields) for every data row of CSV text lines."""
    inputs = spec["input"]
    if inputs["quote"] is None:
        reader = csv.reader(text_lines, delimiter=inputs["delimiter"], quoting=csv.QUOTE_NONE)
    else:
        reader = csv.reader(text_lines, delimiter=inputs["delimiter"], quotechar=inputs["quote"], doublequote=True)
    trim = inputs["trimSpaces"]
    names = None
    line = 0
    for record in reader:
        start = line + 1
        line = reader.line_num
        if not record or record == [""]:
            continue
        fields = [field.strip(" ") for field in record] if trim else record
        if names is None:
            if inputs["header"]:
                names = fields
                _check_header(names, source, start)
                yield names
                continue
            names = ["_c%d" % i for i in range(len(fields))]
            yield names
        if len(fields) != len(names):
            shown = inputs["delimiter"].join(record)
            raise PreprocessingError(
                "%s line %d has %d fields but the header has %d: '%s'. Quote values that contain the delimiter, "
                "or check input.delimiter and input.quote." % (source, start, len(fields), len(names), shown[:200]),
                line=start, value=shown[:200])
        yield start, fields
    if names is None:
        raise PreprocessingError("%s contains no rows. Upload a file with a header and at least one data row." % source)


def _check_header(names, source, line):
    for i, name in enumerate(names):
        if name == "":
            raise PreprocessingError(
                "The header of %s (line %d) has an empty name for column %d. Name every column, or set input.header to "
                "false and refer to columns by 0-based index." % (source, line, i + 1), line=line, column=i + 1)
        first = names.index(name)
        if first != i:
            raise PreprocessingError(
                "The header of %s (line %d) names two columns '%s' (columns %d and %d). Rename one so every column "
                "name is unique." % (source, line, name, first + 1, i + 1), line=line, column=i + 1, value=name)


def _json_text(value):
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (dict, list)):
        return None
    return value


def read_jsonl_rows(text_lines, spec, source="input"):
    """Yield column names (the first object's keys), then (line number, fields) per JSON object line.

    Numbers keep their exact token text (json's parse_int/parse_float hooks), as the C# reader does.
    """
    names = None
    positions = None
    for line_number, line in enumerate(text_lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line, parse_int=str, parse_float=str)
        except ValueError as error:
            raise PreprocessingError("%s line %d is not a valid JSON object: %s Write one JSON object per line (JSON Lines)."
                                     % (source, line_number, error), line=line_number)
        if not isinstance(record, dict):
            raise PreprocessingError("%s line %d is not a valid JSON object. Write one JSON object per line (JSON Lines)."
                                     % (source, line_number), line=line_number)
        if names is None:
            names = list(record.keys())
            positions = {name: i for i, name in enumerate(names)}
            yield names
        fields = [""] * len(names)
        for key, value in record.items():
            text = _json_text(value)
            if text is None:
                raise PreprocessingError("%s line %d: the value of '%s' is a nested value. Flatten nested values into "
                                         "top-level keys before preprocessing." % (source, line_number, key), line=line_number)
            if key not in positions:
                raise PreprocessingError(
                    "%s line %d has the key '%s', which the first object does not have. Columns come from the first "
                    "object's keys (%s); add '%s' to the first line (null is fine)."
                    % (source, line_number, key, ", ".join(names), key), line=line_number, value=key)
            fields[positions[key]] = text
        yield line_number, fields
    if names is None:
        raise PreprocessingError("%s contains no rows. Upload a file with a header and at least one data row." % source)


def resolve_format(declared, path):
    """Return the input format, deciding "auto" by the file extension as the C# engine does."""
    if declared != "auto":
        return declared
    extension = os.path.splitext(path)[1].lower()
    if extension == ".parquet":
        return "parquet"
    if extension in (".jsonl", ".ndjson"):
        return "jsonl"
    return "csv"


def open_rows(path, spec):
    """Open a local CSV or JSON Lines file and return its row generator (column names first)."""
    fmt = resolve_format(spec["input"]["format"], path)
    if fmt == "parquet":
        raise PreprocessingError("The pure-Python reader does not read Parquet; the Spark job does.")
    handle = open(path, encoding=_python_encoding(spec["input"]["encoding"]), newline="")
    if fmt == "jsonl":
        return handle, read_jsonl_rows(handle, spec, path)
    return handle, read_csv_rows(handle, spec, path)


# ---------------------------------------------------------------------------------------------------------------
# Profiling (first pass)
# ---------------------------------------------------------------------------------------------------------------

class RunningStatistics:
    """Count, min, max, mean and sample standard deviation by Welford's algorithm, in the C# engine's order."""

    def __init__(self):
        self.count = 0
        self.mean = 0.0
        self.m2 = 0.0
        self.min = math.inf
        self.max = -math.inf

    def add(self, value):
        self.count += 1
        delta = value - self.mean
        self.mean += delta / self.count
        self.m2 += delta * (value - self.mean)
        self.min = min(self.min, value)
        self.max = max(self.max, value)

    @property
    def standard_deviation(self):
        return math.sqrt(self.m2 / (self.count - 1)) if self.count > 1 else 0.0


class ColumnProfile:
    """First-pass statistics of one column; see ColumnProfile.cs for the rules this mirrors."""

    def __init__(self, name, index, track_all_numbers, needs_median):
        self.name = name
        self.index = index
        self.track_all_numbers = track_all_numbers
        self.categories = {}  # text -> [all, train]
        self.distinct_numbers = 0
        self.overflow = False
        self.missing = self.non_missing = self.numeric_count = self.datetime_count = 0
        self.first_non_numeric = None
        self.first_numeric = None
        self.first_non_datetime = None
        self.numbers = RunningStatistics()
        self.datetimes = RunningStatistics()
        self.train_rows = self.train_missing = 0
        self.train_numeric_count = 0
        self.train_numeric_sum = 0.0
        self.train_datetime_count = 0
        self.train_datetime_sum = 0.0
        self.train_values = [] if needs_median else None

    def add(self, value, is_train, line, thousands, decimal, missing_values):
        if is_train:
            self.train_rows += 1
        if value in missing_values:
            self.missing += 1
            if is_train:
                self.train_missing += 1
            return
        self.non_missing += 1
        normalized = normalize_number(value, thousands, decimal)
        if normalized is not None:
            number = float(normalized)
            self.numeric_count += 1
            if self.first_numeric is None:
                self.first_numeric = (line, value)
            if self.first_non_datetime is None:
                self.first_non_datetime = (line, value)
            self.numbers.add(number)
            if is_train:
                self.train_numeric_count += 1
                self.train_numeric_sum += number
                if self.train_values is not None:
                    self.train_values.append(number)
            if self.track_all_numbers or self.distinct_numbers < MAX_DISTINCT_NUMBERS:
                self._count(value, is_train, True)
            else:
                self.overflow = True
            return
        if self.first_non_numeric is None:
            self.first_non_numeric = (line, value)
        seconds = parse_unix_seconds(value)
        if seconds is None and self.first_non_datetime is None:
            self.first_non_datetime = (line, value)
        if seconds is not None:
            self.datetime_count += 1
            self.datetimes.add(seconds)
            if is_train:
                self.train_datetime_count += 1
                self.train_datetime_sum += seconds
                if self.train_values is not None:
                    self.train_values.append(seconds)
        self._count(value, is_train, False)

    def _count(self, value, is_train, is_number):
        # Past the tracked number of distinct values the counts are partial and unused: counting stops.
        if self.overflow:
            return
        count = self.categories.get(value)
        if count is None:
            if len(self.categories) >= MAX_DISTINCT:
                self.overflow = True
                return
            count = [0, 0]
            self.categories[value] = count
            if is_number:
                self.distinct_numbers += 1
        count[0] += 1
        if is_train:
            count[1] += 1

    def median(self):
        if not self.train_values:
            return None
        ordered = sorted(self.train_values)
        middle = len(ordered) // 2
        return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _is_missing_target(spec, missing_values, value):
    return value in missing_values


def _compare(cell, number, literal):
    if isinstance(literal, (int, float)):
        if number is None:
            return None
        return (number > literal) - (number < literal)
    return (cell > literal) - (cell < literal)


def filter_matches(fields, filters, thousands, decimal, missing_values):
    """Apply the row filters to raw cell text (SQL-like: a missing cell matches no comparison)."""
    for column, item in filters:
        cell = fields[column]
        operator = item["operator"]
        missing = cell in missing_values
        if operator == "isMissing":
            matched = missing
        elif operator == "isNotMissing":
            matched = not missing
        elif missing:
            matched = False
        else:
            normalized = normalize_number(cell, thousands, decimal)
            number = float(normalized) if normalized is not None else None
            results = [_compare(cell, number, literal) for literal in item["values"]]
            if operator == "in":
                matched = 0 in results
            elif operator == "notIn":
                matched = 0 not in results
            else:
                result = results[0]
                matched = result is not None and {
                    "==": result == 0, "!=": result != 0, "<": result < 0, "<=": result <= 0,
                    ">": result > 0, ">=": result >= 0,
                }[operator]
        if not matched:
            return False
    return True


# ---------------------------------------------------------------------------------------------------------------
# Planning: types, encodings and fill values, recorded in the manifest
# ---------------------------------------------------------------------------------------------------------------

def _resolve(names, column, field, source):
    if isinstance(column, str):
        if column in names:
            return names.index(column)
        similar = next((n for n in names if n.lower() == column.lower()), None)
        hint = "" if similar is None else " Did you mean '%s' (names are case-sensitive)?" % similar
        raise PreprocessingError("The %s column '%s' is not in the header of %s.%s Columns found: %s."
                                 % (field, column, source, hint, ", ".join(names)), line=1, value=column)
    if column >= len(names):
        raise PreprocessingError("The %s column index %d is out of range: %s has %d columns (indexes 0 to %d)."
                                 % (field, column, source, len(names), len(names) - 1), line=1, value=str(column))
    return column


def _override(spec, name, index):
    return spec["columns"].get(name) or spec["columns"].get(str(index)) or {}


def _sort_categories(values, numeric, thousands, decimal):
    if numeric:
        return sorted(values, key=lambda v: (float(normalize_number(v, thousands, decimal)), v))
    return sorted(values)


def _mode(profile, source):
    if profile.overflow:
        raise PreprocessingError("Column '%s' has too many distinct values to find its mode (more than the %d tracked). "
                                 'Use missing "median" or "mean" for this column.' % (profile.name, MAX_DISTINCT_NUMBERS))
    candidates = [(-counts[1], value) for value, counts in profile.categories.items() if counts[1] > 0]
    return min(candidates)[1] if candidates else None


def _statistics(spec, profile):
    if not spec["profile"]:
        return None
    numbers = None
    if profile.numeric_count > 0 and profile.numeric_count == profile.non_missing:
        numbers = profile.numbers
    elif profile.datetime_count > 0 and profile.datetime_count == profile.non_missing:
        numbers = profile.datetimes
    top = [] if profile.overflow else [
        {"value": value, "count": counts[0]}
        for value, counts in sorted(profile.categories.items(), key=lambda pair: (-pair[1][0], pair[0]))[:10]]
    result = {"count": profile.non_missing + profile.missing, "missing": profile.missing,
              "distinct": None if profile.overflow else len(profile.categories)}
    if numbers is not None:
        # A statistic outside the range of a double (squared deviations of values near 1e200 overflow) is left out:
        # JSON has no infinity.
        result.update({"min": _finite(numbers.min), "max": _finite(numbers.max), "mean": _finite(numbers.mean),
                       "standardDeviation": _finite(numbers.standard_deviation)})
    result["topValues"] = top
    return result


def _finite(value):
    return value if math.isfinite(value) else None


def plan_target(spec, profile, thousands, decimal, source):
    all_numeric = profile.numeric_count == profile.non_missing
    declared = spec["targetType"]
    kind = declared
    if declared == "auto":
        kind = "numeric" if all_numeric else "categorical"
    if profile.non_missing == 0:
        raise PreprocessingError("The target column '%s' has no values in the rows kept. Check the target name, the "
                                 "filters and input.missingValues." % profile.name)
    if kind == "numeric":
        if not all_numeric:
            line, value = profile.first_non_numeric
            raise PreprocessingError(
                "%s line %d: the target column '%s' has the value '%s', which is not a number. Set targetType to "
                '"categorical" to map text labels to class ids, or fix the value.' % (source, line, profile.name, value),
                line=line, value=value)
        return {"name": profile.name, "index": profile.index, "type": "numeric"}
    if profile.overflow:
        raise PreprocessingError("The target column '%s' has more than %d distinct values, too many for classes. For "
                                 'regression set targetType to "numeric".' % (profile.name, MAX_DISTINCT))
    if spec["classes"] is not None:
        unknown = sorted(v for v in profile.categories if v not in spec["classes"])
        if unknown:
            raise PreprocessingError("The target column '%s' has values not listed in classes: %s. Add them to classes "
                                     "or filter those rows out." % (profile.name, ", ".join("'%s'" % v for v in unknown[:10])))
        classes = list(spec["classes"])
    else:
        classes = _sort_categories(profile.categories.keys(), all_numeric, thousands, decimal)
    return {"name": profile.name, "index": profile.index, "type": "categorical", "classes": classes}


def plan_feature(spec, profile, thousands, decimal, source):
    override = _override(spec, profile.name, profile.index)
    statistics = _statistics(spec, profile)
    base = {"name": profile.name, "index": profile.index, "role": "dropped", "type": "empty"}
    if statistics is not None:
        base["statistics"] = statistics
    if profile.non_missing == 0:
        return dict(base, dropReason="every value is missing")
    kind = _resolve_type(profile, override.get("type", "auto"), source)
    if kind == "categorical" and profile.overflow:
        return dict(base, type=kind, dropReason="more than %d distinct values (an identifier or free text); exclude it, "
                                                "or derive a coarser column before preprocessing" % MAX_DISTINCT)
    missing = override.get("missing") or (spec["missing"]["categorical"] if kind == "categorical" else spec["missing"]["numeric"])
    column = dict(base, role="feature", type=kind, missing=missing)
    if kind == "categorical":
        return _plan_categorical(spec, profile, column, override, missing, thousands, decimal)
    column["encoding"] = "number" if kind == "numeric" else "unixSeconds"
    column["fillValue"] = _numeric_fill(spec, profile, kind, missing, override.get("fillValue"), thousands, decimal, source)
    column["features"] = [profile.name]
    return column


def _resolve_type(profile, declared, source):
    all_numeric = profile.numeric_count == profile.non_missing
    all_dates = profile.datetime_count == profile.non_missing
    if declared == "numeric":
        if not all_numeric:
            line, value = profile.first_non_numeric
            raise PreprocessingError("%s line %d: column '%s' is declared numeric, but the value '%s' is not a number. "
                                     'Fix the value, add it to input.missingValues, or set the column\'s type to "categorical".'
                                     % (source, line, profile.name, value), line=line, column=profile.index + 1, value=value)
        return "numeric"
    if declared == "datetime":
        if not all_dates:
            line, value = profile.first_non_datetime
            raise PreprocessingError("%s line %d: column '%s' is declared datetime, but the value '%s' is not an ISO 8601 "
                                     "date." % (source, line, profile.name, value), line=line, column=profile.index + 1, value=value)
        return "datetime"
    if declared == "categorical":
        return "categorical"
    if all_numeric:
        return "numeric"
    if all_dates:
        return "datetime"
    if profile.numeric_count >= MOSTLY_NUMERIC * profile.non_missing:
        line, value = profile.first_non_numeric
        separator = next((c for c in value if c in ",.' "), None)
        hint = "" if separator is None else " If '%s' is a thousands separator, set input.thousandsSeparator to \"%s\"." % (separator, separator)
        raise PreprocessingError(
            "%s line %d: column '%s' holds numbers in %d of %d non-missing cells, but this cell is '%s'.%s If it marks a "
            "missing value, add it to input.missingValues; if the column is categorical, set columns.%s.type to \"categorical\"."
            % (source, line, profile.name, profile.numeric_count, profile.non_missing, value, hint, profile.name),
            line=line, column=profile.index + 1, value=value)
    return "categorical"


def _numeric_fill(spec, profile, kind, missing, fill_value, thousands, decimal, source):
    is_date = kind == "datetime"
    count, total = ((profile.train_datetime_count, profile.train_datetime_sum) if is_date
                    else (profile.train_numeric_count, profile.train_numeric_sum))
    if missing == "mean":
        if count > 0 and not math.isfinite(total):
            raise PreprocessingError(
                "%s: the sum of the training values of column '%s' is beyond the range of a double (about 1.8e308), "
                "so their mean cannot be computed. Set columns.%s.missing to \"median\"." % (source, profile.name, profile.name),
                column=profile.index + 1)
        return None if count == 0 else format_number(total / count)
    if missing == "median":
        median = profile.median()
        return None if median is None else format_number(median)
    if missing == "zero":
        return "0"
    if missing == "constant":
        if fill_value is None:
            return format_number(spec["missing"]["numericFillValue"])
        try:
            return format_number(float(fill_value))
        except ValueError:
            seconds = parse_unix_seconds(fill_value) if is_date else None
            if seconds is None:
                raise PreprocessingError("columns.%s.fillValue '%s' is not a number. Give a numeric fillValue." % (profile.name, fill_value))
            return format_number(seconds)
    if missing == "mode":
        mode = _mode(profile, None)
        if mode is None:
            return None
        if is_date:
            seconds = parse_unix_seconds(mode)
            return None if seconds is None else format_number(seconds)
        return normalize_number(mode, thousands, decimal)
    return None


def _plan_categorical(spec, profile, column, override, missing, thousands, decimal):
    if missing in ("mean", "median", "zero"):
        raise PreprocessingError("Column '%s' is categorical, but its missing treatment is \"%s\", which applies to numbers."
                                 % (profile.name, missing))
    fill = _mode(profile, None) if missing == "mode" else (
        (override["fillValue"] if override.get("fillValue") is not None else spec["missing"]["categoricalFillValue"])
        if missing == "constant" else None)
    max_categories = int(override.get("maxCategories") or spec["categorical"]["maxCategories"])
    frequent = [value for value, counts in sorted(profile.categories.items(), key=lambda pair: (-pair[1][1], pair[0]))
                if counts[1] >= spec["categorical"]["minFrequency"]]
    categories = list(override["categories"]) if override.get("categories") is not None else frequent
    if fill is not None and fill not in categories:
        categories.append(fill)
    declared = override.get("encoding") or spec["categorical"]["encoding"]
    encoding = declared
    if declared == "auto":
        encoding = "onehot" if len(categories) <= max_categories else "ordinal"
    other = False
    if encoding == "onehot":
        categories = categories[:max_categories]
        other = len(profile.categories) > sum(1 for c in categories if c in profile.categories)
    if override.get("categories") is None:
        numeric = all(normalize_number(c, thousands, decimal) is not None for c in categories)
        categories = _sort_categories(categories, numeric, thousands, decimal)
    if encoding == "onehot":
        features = ["%s=%s" % (profile.name, c) for c in categories] + (["%s=%s" % (profile.name, OTHER_CATEGORY)] if other else [])
    else:
        features = [profile.name]
    return dict(column, encoding=encoding, fillValue=fill, categories=categories, otherIndicator=other, features=features)


# ---------------------------------------------------------------------------------------------------------------
# Encoding (second pass) and the local runner used by the tests
# ---------------------------------------------------------------------------------------------------------------

class RowEncoder:
    """Encode raw rows into output cells as the manifest's columns describe (the C# ColumnEncoder classes)."""

    def __init__(self, target, columns, spec):
        self.spec = spec
        self.thousands = spec["input"]["thousandsSeparator"]
        self.decimal = spec["input"]["decimalSeparator"]
        self.missing_values = set(spec["input"]["missingValues"])
        self.target = target
        self.class_ids = {name: str(i) for i, name in enumerate(target.get("classes") or [])}
        self.columns = sorted((c for c in columns if c["role"] == "feature"), key=lambda c: c["firstFeature"])
        self.positions = {}
        for column in self.columns:
            if column["encoding"] in ("onehot", "ordinal"):
                self.positions[column["name"]] = {value: i for i, value in enumerate(column["categories"])}
        self.drop_row_columns = [c["index"] for c in self.columns if c["missing"] == "dropRow"]

    def label(self, raw, source, line):
        if self.target["type"] == "categorical":
            if raw not in self.class_ids:
                raise PreprocessingError("%s line %d: the target '%s' has the value '%s', which is not one of the classes."
                                         % (source, line, self.target["name"], raw), line=line, value=raw)
            return self.class_ids[raw]
        normalized = normalize_number(raw, self.thousands, self.decimal)
        if normalized is None:
            raise PreprocessingError("%s line %d: the target '%s' has the value '%s', which is not a number."
                                     % (source, line, self.target["name"], raw), line=line, value=raw)
        return normalized

    def has_missing_drop_value(self, fields):
        return any(fields[index] in self.missing_values for index in self.drop_row_columns)

    def cells(self, fields, source, line):
        """Return the feature cells of a row: text numbers, "" for missing, and one-hot 0/1 groups."""
        out = []
        for column in self.columns:
            raw = fields[column["index"]]
            if raw in self.missing_values:
                if column["missing"] == "fail":
                    raise PreprocessingError(
                        "%s line %d: column '%s' is missing, and its missing treatment is \"fail\"." % (source, line, column["name"]),
                        line=line, column=column["index"] + 1, value=raw)
                if column["fillValue"] is None:
                    out.extend(["0"] * len(column["features"]) if column["encoding"] == "onehot" else [""])
                    continue
                if column["encoding"] in ("number", "unixSeconds"):
                    out.append(column["fillValue"])
                    continue
                raw = column["fillValue"]
            out.extend(self._encode(column, raw, source, line))
        return out

    def _encode(self, column, raw, source, line):
        encoding = column["encoding"]
        if encoding == "number":
            normalized = normalize_number(raw, self.thousands, self.decimal)
            if normalized is None:
                raise PreprocessingError("%s line %d: column '%s' has the value '%s', which is not a number."
                                         % (source, line, column["name"], raw), line=line, column=column["index"] + 1, value=raw)
            return [normalized]
        if encoding == "unixSeconds":
            seconds = parse_unix_seconds(raw)
            if seconds is None:
                raise PreprocessingError("%s line %d: column '%s' has the value '%s', which is not an ISO 8601 date."
                                         % (source, line, column["name"], raw), line=line, column=column["index"] + 1, value=raw)
            return [format_number(seconds)]
        position = self.positions[column["name"]].get(raw)
        if encoding == "ordinal":
            return [""] if position is None else [str(position)]
        width = len(column["features"])
        hot = position
        if hot is None:
            hot = width - 1 if column["otherIndicator"] else -1
        return ["1" if i == hot else "0" for i in range(width)]


def format_row(label, cells, output_format):
    if output_format == "libsvm":
        parts = [label]
        for i, cell in enumerate(cells, start=1):
            if cell != "":
                parts.append("%d:%s" % (i, cell))
        return " ".join(parts)
    return label + "," + ",".join(cells) if cells else label


def _libsvm_cells(encoder, cells):
    """LIBSVM leaves out missing values and the zero indicators of one-hot groups (numeric zeros stay)."""
    result = []
    position = 0
    for column in encoder.columns:
        width = len(column["features"])
        group = cells[position:position + width]
        if column["encoding"] == "onehot":
            result.extend("" if cell == "0" else cell for cell in group)
        else:
            result.extend(group)
        position += width
    return result


class Profiler:
    """The first pass over rows: drop, split and profile, exactly as ProfilingPass.cs does."""

    def __init__(self, spec, names, source):
        self.spec = spec
        self.source = source
        self.names = names
        inputs = spec["input"]
        self.thousands = inputs["thousandsSeparator"]
        self.decimal = inputs["decimalSeparator"]
        self.missing_values = set(inputs["missingValues"])
        self.target_index = _resolve(names, spec["target"], "target", source)
        for key in spec["columns"]:
            if key not in names and not (key.isdigit() and int(key) < len(names)):
                raise PreprocessingError("columns.%s refers to a column that is not in %s. Columns found: %s."
                                         % (key, source, ", ".join(names)), value=key)
        excluded = {_resolve(names, c, "excluded", source) for c in spec["exclude"]}
        if spec["features"] is not None:
            self.feature_indexes = [i for i in (_resolve(names, c, "feature", source) for c in spec["features"]) if i not in excluded]
        else:
            self.feature_indexes = [i for i in range(len(names)) if i != self.target_index and i not in excluded]
        self.filters = [(_resolve(names, f["column"], "filter", source), f) for f in spec["filters"]]
        self.profiles = {}
        for index in self.feature_indexes + [self.target_index]:
            override = _override(spec, names[index], index)
            is_target = index == self.target_index
            needs_median = not is_target and (override.get("missing") or spec["missing"]["numeric"]) == "median"
            track_all = is_target or override.get("type") == "categorical"
            self.profiles[index] = ColumnProfile(names[index], index, track_all, needs_median)
        self.assignments = []
        self.read = self.filtered = self.duplicates = self.missing_target = 0
        self.seen = set() if spec["deduplicate"] else None

    def add(self, line, fields):
        self.read += 1
        if fields[self.target_index] in self.missing_values:
            if self.spec["targetMissing"] == "fail":
                raise PreprocessingError(
                    "%s line %d: the target column '%s' is missing. Fill it in, or set targetMissing to \"dropRow\" to skip such rows."
                    % (self.source, line, self.names[self.target_index]), line=line, column=self.target_index + 1)
            self.missing_target += 1
            self.assignments.append(None)
            return
        if not filter_matches(fields, self.filters, self.thousands, self.decimal, self.missing_values):
            self.filtered += 1
            self.assignments.append(None)
            return
        position, key = row_position_and_key(self.spec["split"]["seed"], fields)
        if self.seen is not None:
            if key in self.seen:
                self.duplicates += 1
                self.assignments.append(None)
                return
            self.seen.add(key)
        split = split_of(position, self.spec["split"])
        self.assignments.append(split)
        for profile in self.profiles.values():
            profile.add(fields[profile.index], split == "train", line, self.thousands, self.decimal, self.missing_values)

    def plan(self):
        target = plan_target(self.spec, self.profiles[self.target_index], self.thousands, self.decimal, self.source)
        planned = {i: plan_feature(self.spec, self.profiles[i], self.thousands, self.decimal, self.source) for i in self.feature_indexes}
        next_feature = 0
        for i in self.feature_indexes:
            if planned[i]["role"] == "feature":
                planned[i]["firstFeature"] = next_feature
                next_feature += len(planned[i]["features"])
        columns = []
        for i, name in enumerate(self.names):
            if i == self.target_index:
                column = {"name": name, "index": i, "role": "target",
                          "type": "numeric" if target["type"] == "numeric" else "categorical"}
                statistics = _statistics(self.spec, self.profiles[i])
                if statistics is not None:
                    column["statistics"] = statistics
                columns.append(column)
            elif i in planned:
                columns.append(planned[i])
            else:
                columns.append({"name": name, "index": i, "role": "excluded", "type": "empty"})
        return target, columns


def split_files(spec):
    extension = "libsvm" if spec["output"]["format"] == "libsvm" else "csv"
    files = {"train": "train/data." + extension, "validation": "validation/data." + extension}
    if spec["split"]["test"] > 0:
        files["test"] = "test/data." + extension
    return files


def build_manifest(spec, source, input_format, input_bytes, names, target, columns, rows):
    features = [f for c in sorted((c for c in columns if c["role"] == "feature"), key=lambda c: c["firstFeature"]) for f in c["features"]]
    manifest_target = {"name": target["name"], "index": target["index"], "type": target["type"]}
    if target.get("classes") is not None:
        manifest_target["classes"] = target["classes"]
        manifest_target["classMapping"] = {name: i for i, name in enumerate(target["classes"])}
    return {
        "version": 1,
        "input": {"file": os.path.basename(source), "format": input_format, "bytes": input_bytes, "columns": names},
        "target": manifest_target,
        "features": features,
        "featureCount": len(features),
        "columns": columns,
        "rows": rows,
        "output": {"format": spec["output"]["format"], "files": split_files(spec)},
        "spec": spec,
    }


def run_local(spec, input_path, output_dir):
    """Preprocess a local CSV or JSON Lines file with the pure-Python engine; returns the manifest dict."""
    spec = parse_spec(spec)
    handle, rows = open_rows(input_path, spec)
    with handle:
        names = next(rows)
        profiler = Profiler(spec, names, input_path)
        for line, fields in rows:
            profiler.add(line, fields)
    target, columns = profiler.plan()
    features = [c for c in columns if c["role"] == "feature"]
    if not features:
        raise PreprocessingError("No feature columns are left in %s. Include at least one usable column." % input_path)
    encoder = RowEncoder(target, columns, spec)
    files = split_files(spec)
    outputs = {}
    counts = {"train": 0, "validation": 0, "test": 0}
    missing_values = 0
    for split, relative in files.items():
        path = os.path.join(output_dir, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        outputs[split] = open(path, "w", encoding="utf-8", newline="\n")
    try:
        handle, rows = open_rows(input_path, spec)
        with handle:
            next(rows)
            for (line, fields), split in zip(rows, profiler.assignments):
                if split is None:
                    continue
                if encoder.has_missing_drop_value(fields):
                    missing_values += 1
                    continue
                cells = encoder.cells(fields, input_path, line)
                if spec["output"]["format"] == "libsvm":
                    cells = _libsvm_cells(encoder, cells)
                label = encoder.label(fields[profiler.target_index], input_path, line)
                outputs[split].write(format_row(label, cells, spec["output"]["format"]) + "\n")
                counts[split] += 1
    finally:
        for handle in outputs.values():
            handle.close()
    rows = {"read": profiler.read, "filtered": profiler.filtered, "duplicates": profiler.duplicates,
            "missingTarget": profiler.missing_target, "missingValues": missing_values,
            "train": counts["train"], "validation": counts["validation"], "test": counts["test"]}
    if rows["train"] == 0 or rows["validation"] == 0 or (spec["split"]["test"] > 0 and rows["test"] == 0):
        raise PreprocessingError("%s: the split left %d train, %d validation and %d test rows. Every split needs rows: add "
                                 "data, loosen the filters, or change split.train/validation/test."
                                 % (input_path, rows["train"], rows["validation"], rows["test"]))
    fmt = resolve_format(spec["input"]["format"], input_path)
    manifest = build_manifest(spec, input_path, fmt, os.path.getsize(input_path), names, target, columns, rows)
    with open(os.path.join(output_dir, "manifest.json"), "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, indent=2)
        handle.write("\n")
    return manifest


# ---------------------------------------------------------------------------------------------------------------
# Spark (AWS Glue 5.0). Everything below imports pyspark, awsglue and boto3 only when the job runs.
# ---------------------------------------------------------------------------------------------------------------

def merge_statistics(left, right):
    """Combine two RunningStatistics (Chan et al.'s parallel form of Welford's algorithm)."""
    if right.count == 0:
        return left
    if left.count == 0:
        return right
    merged = RunningStatistics()
    merged.count = left.count + right.count
    delta = right.mean - left.mean
    merged.mean = left.mean + delta * right.count / merged.count
    merged.m2 = left.m2 + right.m2 + delta * delta * left.count * right.count / merged.count
    merged.min = min(left.min, right.min)
    merged.max = max(left.max, right.max)
    return merged


def merge_profiles(left, right):
    """Combine the profiles of two consecutive partitions, the left one holding the earlier rows."""
    for name in ("missing", "non_missing", "numeric_count", "datetime_count", "train_rows", "train_missing",
                 "train_numeric_count", "train_numeric_sum", "train_datetime_count", "train_datetime_sum"):
        setattr(left, name, getattr(left, name) + getattr(right, name))
    left.first_non_numeric = left.first_non_numeric or right.first_non_numeric
    left.first_numeric = left.first_numeric or right.first_numeric
    left.first_non_datetime = left.first_non_datetime or right.first_non_datetime
    left.numbers = merge_statistics(left.numbers, right.numbers)
    left.datetimes = merge_statistics(left.datetimes, right.datetimes)
    if left.train_values is not None:
        left.train_values.extend(right.train_values or [])
    left.overflow = left.overflow or right.overflow
    for value, counts in right.categories.items():
        mine = left.categories.get(value)
        if mine is not None:
            mine[0] += counts[0]
            mine[1] += counts[1]
        elif len(left.categories) < MAX_DISTINCT and not left.overflow:
            left.categories[value] = list(counts)
        else:
            left.overflow = True
    return left


def _profile_partition(spec, names, rows):
    """Profile one partition of (index, split, fields) rows in order."""
    profiler = Profiler(spec, names, "input")
    for _, split, fields in rows:
        for profile in profiler.profiles.values():
            profile.add(fields[profile.index], split == "train", 0, profiler.thousands, profiler.decimal, profiler.missing_values)
    yield profiler.profiles


def _assign_partition(spec, names, rows):
    """Drop rows (missing target, filters) and assign each remaining row its split and content key."""
    profiler = Profiler(spec, names, "input")
    for index, fields in rows:
        if fields[profiler.target_index] in profiler.missing_values:
            if spec["targetMissing"] == "fail":
                raise PreprocessingError("Row %d: the target column '%s' is missing. Fill it in, or set targetMissing to "
                                         '"dropRow" to skip such rows.' % (index + 1, names[profiler.target_index]))
            yield ("missingTarget", index, None, None, fields)
            continue
        if not filter_matches(fields, profiler.filters, profiler.thousands, profiler.decimal, profiler.missing_values):
            yield ("filtered", index, None, None, fields)
            continue
        position, key = row_position_and_key(spec["split"]["seed"], fields)
        yield ("kept", index, split_of(position, spec["split"]), key, fields)


def _java_charset(name):
    """Map the specification's encoding names (Python and .NET spellings) to Java charset names for Spark."""
    normalized = name.strip().lower().replace("_", "-")
    return {"utf-8-sig": "UTF-8", "utf8-sig": "UTF-8", "latin-1": "ISO-8859-1", "latin1": "ISO-8859-1"}.get(normalized, name)


def _read_spark_rows(spark, spec, input_uri):
    """Return (column names, RDD of (index, fields)) with every value as text and null as ""."""
    from pyspark.sql import functions as F  # noqa: N812  (Spark's convention)

    inputs = spec["input"]
    fmt = resolve_format(inputs["format"], input_uri)
    if fmt == "jsonl":
        lines = spark.sparkContext.textFile(input_uri).filter(lambda line: line.strip() != "")
        first = json.loads(lines.first(), parse_int=str, parse_float=str)
        names = list(first.keys())
        positions = {name: i for i, name in enumerate(names)}

        def parse(item):
            line, index = item
            record = json.loads(line, parse_int=str, parse_float=str)
            fields = [""] * len(names)
            for key, value in record.items():
                if key not in positions:
                    raise PreprocessingError("Row %d has the key '%s', which the first object does not have." % (index + 1, key))
                text = _json_text(value)
                if text is None:
                    raise PreprocessingError("Row %d: the value of '%s' is nested. Flatten it before preprocessing." % (index + 1, key))
                fields[positions[key]] = text
            return index, fields

        return names, lines.zipWithIndex().map(parse)

    if fmt == "parquet":
        # NOTE: Spark casts floating-point values to text differently from the C# reader (1.0E10 against 10000000000),
        # so split assignment of Parquet rows with such values can differ between the local runtime and Glue.
        frame = spark.read.parquet(input_uri)
        frame = frame.select([F.col(c).cast("string").alias(c) for c in frame.columns])
    else:
        reader = (spark.read.option("header", "true" if inputs["header"] else "false")
                  .option("sep", inputs["delimiter"])
                  .option("encoding", _java_charset(inputs["encoding"]))
                  .option("mode", "FAILFAST")
                  .option("ignoreLeadingWhiteSpace", "true" if inputs["trimSpaces"] else "false")
                  .option("ignoreTrailingWhiteSpace", "true" if inputs["trimSpaces"] else "false"))
        reader = reader.option("quote", inputs["quote"]).option("escape", inputs["quote"]) if inputs["quote"] else reader.option("quote", "\u0000")
        frame = reader.csv(input_uri)
    names = [name.lstrip("\ufeff") for name in frame.columns]
    if not inputs["header"] and fmt == "csv":
        names = ["_c%d" % i for i in range(len(names))]
    rows = frame.rdd.zipWithIndex().map(lambda item: (item[1], ["" if v is None else v for v in item[0]]))
    return names, rows


def _split_s3(uri):
    if not uri.startswith("s3://"):
        raise PreprocessingError("'%s' is not an S3 URI. Use the form s3://BUCKET/KEY." % uri)
    bucket, _, key = uri[len("s3://"):].partition("/")
    return bucket, key


def run_spark(spark, spec, input_uri, output_uri, job_run_id):
    """Preprocess with Spark: the same passes as run_local, distributed, then publish the files under output_uri."""
    import boto3

    spec = parse_spec(spec)
    names, rows = _read_spark_rows(spark, spec, input_uri)
    assigned = rows.mapPartitions(lambda part: _assign_partition(spec, names, part)).cache()
    counts = dict(assigned.map(lambda r: (r[0], 1)).countByKey())
    kept = assigned.filter(lambda r: r[0] == "kept").map(lambda r: (r[1], r[2], r[3], r[4]))
    duplicates = 0
    if spec["deduplicate"]:
        first = kept.map(lambda r: (r[2], r[0])).reduceByKey(min).map(lambda pair: (pair[1], True))
        deduplicated = kept.map(lambda r: (r[0], r)).join(first).map(lambda pair: pair[1][0])
        duplicates = counts.get("kept", 0) - deduplicated.count()
        kept = deduplicated
    kept = kept.map(lambda r: (r[0], r[1], r[3])).sortBy(lambda r: r[0]).cache()

    partials = kept.mapPartitions(lambda part: _profile_partition(spec, names, part)).collect()
    profiler = Profiler(spec, names, input_uri)
    merged = partials[0] if partials else profiler.profiles
    for partial in partials[1:]:
        for index, profile in partial.items():
            merge_profiles(merged[index], profile)
    profiler.profiles = merged
    target, columns = profiler.plan()
    if not any(c["role"] == "feature" for c in columns):
        raise PreprocessingError("No feature columns are left in %s. Include at least one usable column." % input_uri)
    encoder = RowEncoder(target, columns, spec)
    output_format = spec["output"]["format"]
    target_index = profiler.target_index

    def encode(row):
        index, split, fields = row
        if encoder.has_missing_drop_value(fields):
            return split, None
        cells = encoder.cells(fields, input_uri, index + 1)
        if output_format == "libsvm":
            cells = _libsvm_cells(encoder, cells)
        return split, format_row(encoder.label(fields[target_index], input_uri, index + 1), cells, output_format)

    encoded = kept.map(encode).cache()
    missing_values = encoded.filter(lambda pair: pair[1] is None).count()
    bucket, prefix = _split_s3(output_uri if output_uri.endswith("/") else output_uri + "/")
    staging = "%s.staging-%s/" % (prefix.rstrip("/"), job_run_id)
    files = split_files(spec)
    written = {"train": 0, "validation": 0, "test": 0}
    for split in files:
        lines = encoded.filter(lambda pair, s=split: pair[0] == s and pair[1] is not None).map(lambda pair: pair[1])
        written[split] = lines.count()
        lines.coalesce(1).saveAsTextFile("s3://%s/%s%s" % (bucket, staging, split))
    row_counts = {"read": sum(counts.values()), "filtered": counts.get("filtered", 0), "duplicates": duplicates,
                  "missingTarget": counts.get("missingTarget", 0), "missingValues": missing_values,
                  "train": written["train"], "validation": written["validation"], "test": written["test"]}
    if row_counts["train"] == 0 or row_counts["validation"] == 0 or (spec["split"]["test"] > 0 and row_counts["test"] == 0):
        raise PreprocessingError("%s: the split left %d train, %d validation and %d test rows. Every split needs rows."
                                 % (input_uri, row_counts["train"], row_counts["validation"], row_counts["test"]))

    s3 = boto3.client("s3")
    source_bucket, source_key = _split_s3(input_uri)
    size = s3.head_object(Bucket=source_bucket, Key=source_key)["ContentLength"]
    fmt = resolve_format(spec["input"]["format"], input_uri)
    manifest = build_manifest(spec, input_uri, fmt, size, names, target, columns, row_counts)
    # Publish only after every split was written: copy each single part file to its final key, then the manifest.
    for split, relative in files.items():
        listing = s3.list_objects_v2(Bucket=bucket, Prefix="%s%s/part-" % (staging, split))
        part = listing["Contents"][0]["Key"]
        s3.copy_object(Bucket=bucket, Key=prefix + relative, CopySource={"Bucket": bucket, "Key": part})
    s3.put_object(Bucket=bucket, Key=prefix + "manifest.json", Body=(json.dumps(manifest, indent=2) + "\n").encode("utf-8"),
                  ContentType="application/json")
    _delete_prefix(s3, bucket, staging)
    return manifest


def _delete_prefix(s3, bucket, prefix):
    paginator = s3.get_paginator("list_objects_v2")
    for page in paginator.paginate(Bucket=bucket, Prefix=prefix):
        keys = [{"Key": item["Key"]} for item in page.get("Contents", [])]
        if keys:
            s3.delete_objects(Bucket=bucket, Delete={"Objects": keys})


def main():
    from awsglue.context import GlueContext
    from awsglue.job import Job
    from awsglue.utils import getResolvedOptions
    from pyspark.context import SparkContext

    args = getResolvedOptions(sys.argv, ["JOB_NAME", "input_uri", "output_uri", "spec"])
    glue_context = GlueContext(SparkContext.getOrCreate())
    job = Job(glue_context)
    job.init(args["JOB_NAME"], args)
    manifest = run_spark(glue_context.spark_session, args["spec"], args["input_uri"], args["output_uri"],
                         args.get("JOB_RUN_ID", "run"))
    print(json.dumps({"rows": manifest["rows"], "features": len(manifest["features"])}))
    job.commit()


if __name__ == "__main__":
    main()
