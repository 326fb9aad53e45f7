"""Inference script for SageMaker's XGBoost 1.7-1 container (script mode): endpoints that accept raw rows.

The retraining state machine deploys a model with this script when the dataset's configuration sets
deployment.acceptRawRows. CreateModel's Environment then contains SAGEMAKER_PROGRAM=raw_rows.py,
SAGEMAKER_SUBMIT_DIRECTORY (the sourcedir.tar.gz that scripts/package-inference.sh builds from this file and
src/glue/preprocess.py), PIPELINE_INPUT_MODE=raw and PIPELINE_MANIFEST_URI, the S3 URI of the manifest.json that
the preprocessing job wrote next to the training data.

A request is text/csv holding rows as the dataset's source file holds them: the same delimiter and quoting, no
header, with every input column or with the target column left out. Each row is encoded as the preprocessing job
encoded the training data (numbers, Unix seconds for dates, one-hot indicators with __other__, ordinal codes,
missing-value fills), then the built-in algorithm's own functions predict and format the response. The local runtime
does the same in C# (Pipeline.Local's RawRowRequestEncoder over Pipeline.Preprocessing's RowEncoder); the shared
cases in tests/vectors/raw-rows/ keep the two in step.

The encoding part below needs only the standard library and preprocess.py, so tests/inference/ runs it anywhere.
The container hooks at the end import numpy, xgboost, boto3 and the container's modules only when they run.
"""

import csv
import io
import json
import math
import os

import preprocess

INPUT_MODE_VARIABLE = "PIPELINE_INPUT_MODE"
MANIFEST_URI_VARIABLE = "PIPELINE_MANIFEST_URI"
RAW_ROWS = "raw"
MANIFEST_VERSION = 1
REQUEST = "the request"

# The Accept types of the built-in algorithm's /invocations (sagemaker_xgboost_container.algorithm_mode.serve).
SUPPORTED_ACCEPTS = ["application/json", "application/jsonlines", "application/x-recordio-protobuf", "text/csv"]


class RequestError(Exception):
    """A request the endpoint rejects, with the HTTP `status` of the container's response."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status


# ---------------------------------------------------------------------------------------------------------------
# Encoding: the manifest's encodings applied to raw rows
# ---------------------------------------------------------------------------------------------------------------

class RowEncoder:
    """Encode raw rows as the preprocessing run recorded in `manifest` (a parsed manifest.json) encoded them."""

    def __init__(self, manifest):
        if manifest.get("version") != MANIFEST_VERSION:
            raise ValueError("The manifest has version %r, but this script reads version %d. Run preprocessing again "
                             "with this version of the pipeline." % (manifest.get("version"), MANIFEST_VERSION))
        inputs = manifest["spec"]["input"]
        self.columns = manifest["input"]["columns"]
        self.target_name = manifest["target"]["name"]
        self.target_index = manifest["target"]["index"]
        self.feature_count = len(manifest["features"])
        self.delimiter = inputs["delimiter"]
        self.quote = inputs["quote"]
        self.trim = inputs["trimSpaces"]
        self.thousands = inputs["thousandsSeparator"]
        self.decimal = inputs["decimalSeparator"]
        self.missing_values = set(inputs["missingValues"])
        self.features = sorted((c for c in manifest["columns"] if c["role"] == "feature"), key=lambda c: c["firstFeature"])
        self.positions = {}
        for column in self.features:
            if column["encoding"] in ("onehot", "ordinal"):
                self.positions[column["name"]] = {value: i for i, value in enumerate(column["categories"] or [])}

    def encode_body(self, text):
        """Return the feature rows of a request body; missing features are NaN. Blank lines are skipped."""
        rows = []
        try:
            for line, fields in self._records(text):
                rows.append(self.encode(fields, line))
        except csv.Error as error:
            raise RequestError("%s is not valid CSV: %s. Check the quoting of the rows." % (REQUEST, error))
        return rows

    def _records(self, text):
        """Yield (line where the record starts, fields), reading CSV as the preprocessing job reads its input."""
        lines = io.StringIO(text, newline="")
        if self.quote is None:
            reader = csv.reader(lines, delimiter=self.delimiter, quoting=csv.QUOTE_NONE)
        else:
            reader = csv.reader(lines, delimiter=self.delimiter, quotechar=self.quote, doublequote=True)
        end = 0
        for record in reader:
            start = end + 1
            end = reader.line_num
            if not record:
                continue
            yield start, record

    def encode(self, fields, line=1):
        """Encode one row given in the original column order, with every input column or without the target."""
        count = len(self.columns)
        if len(fields) == count:
            without_target = False
        elif len(fields) == count - 1:
            without_target = True
        else:
            raise RequestError(
                "%s line %d has %d values, but the model expects the %d input columns (%s) or those %d without the "
                "target '%s'." % (REQUEST, line, len(fields), count, ", ".join(self.columns), count - 1, self.target_name))
        out = []
        for column in self.features:
            index = column["index"]
            position = index - 1 if without_target and index > self.target_index else index
            value = fields[position].strip(" ") if self.trim else fields[position]
            self._encode_cell(column, value, line, out)
        return out

    def _encode_cell(self, column, value, line, out):
        encoding = column["encoding"]
        width = len(column["features"])
        if value in self.missing_values:
            treatment = column["missing"]
            if treatment == "dropRow":
                # The training rows with this value missing were dropped; an inference row cannot be, so every
                # feature of the column is missing.
                out.extend([math.nan] * width)
                return
            if treatment == "fail":
                raise RequestError(
                    "%s line %d: column '%s' is missing, and its missing treatment is \"fail\". Fill the value in, or "
                    "choose another treatment in columns.%s.missing." % (REQUEST, line, column["name"], column["name"]))
            fill = column.get("fillValue")
            if fill is None:
                out.extend([0.0] * width if encoding == "onehot" else [math.nan])
                return
            if encoding in ("number", "unixSeconds"):
                # Fill values are stored in plain form, a date column's in Unix seconds.
                out.append(float(fill))
                return
            value = fill
        if encoding == "number":
            normalized = preprocess.normalize_number(value, self.thousands, self.decimal)
            if normalized is None:
                raise self._invalid(column, value, line, "a number")
            out.append(float(normalized))
        elif encoding == "unixSeconds":
            seconds = preprocess.parse_unix_seconds(value)
            if seconds is None:
                raise self._invalid(column, value, line, "an ISO 8601 date (yyyy-MM-dd or yyyy-MM-dd HH:mm[:ss])")
            out.append(float(seconds))
        elif encoding == "onehot":
            hot = self.positions[column["name"]].get(value)
            if hot is None:
                hot = width - 1 if column["otherIndicator"] else -1
            out.extend([1.0 if i == hot else 0.0 for i in range(width)])
        elif encoding == "ordinal":
            code = self.positions[column["name"]].get(value)
            out.append(math.nan if code is None else float(code))
        else:
            raise ValueError("Column '%s' has the encoding %r in the manifest, which this script does not know."
                             % (column["name"], encoding))

    @staticmethod
    def _invalid(column, value, line, expected):
        return RequestError(
            "%s line %d: column '%s' has the value '%s', which is not %s. Fix the value or add it to "
            "input.missingValues." % (REQUEST, line, column["name"], value, expected))

    def describe_columns(self):
        return ", ".join(self.columns)


def split_s3_uri(uri):
    """Return (bucket, key) of an s3:// URI of an object."""
    if not uri or not uri.startswith("s3://") or "/" not in uri[5:] or uri.endswith("/"):
        raise ValueError("%s is %r, which is not the S3 URI of an object. Use s3://BUCKET/KEY/manifest.json."
                         % (MANIFEST_URI_VARIABLE, uri))
    bucket, key = uri[5:].split("/", 1)
    return bucket, key


def read_manifest(uri, s3_client):
    """Read and parse the manifest at `uri` with a boto3 S3 client."""
    bucket, key = split_s3_uri(uri)
    try:
        body = s3_client.get_object(Bucket=bucket, Key=key)["Body"].read()
    except Exception as error:
        raise RuntimeError("Could not read the preprocessing manifest at %s (%s): %s. Point it at the manifest.json of "
                           "the preprocessing run that wrote the training data, and let the model's execution role "
                           "read it." % (uri, MANIFEST_URI_VARIABLE, error)) from error
    try:
        return json.loads(body.decode("utf-8"))
    except ValueError as error:
        raise RuntimeError("The preprocessing manifest at %s is not JSON: %s" % (uri, error)) from error


def media_type(header):
    """Return the media type of a Content-Type or Accept value, without parameters, in lower case."""
    return (header or "").split(";")[0].strip().lower()


# ---------------------------------------------------------------------------------------------------------------
# Container hooks (sagemaker_xgboost_container.serving calls them)
# ---------------------------------------------------------------------------------------------------------------

class RawRowModel:
    """The model that model_fn returns: the booster as the built-in algorithm loads it, its objective and the encoder."""

    def __init__(self, booster, model_format, objective, encoder):
        self.booster = booster
        self.model_format = model_format
        self.objective = objective
        self.encoder = encoder


class Rejection:
    """A rejected request, passed from input_fn and predict_fn to output_fn, which returns it with its status.

    The container turns an exception in these functions into a 500 response without the message, so errors travel
    as values instead.
    """

    def __init__(self, message, status):
        self.message = message
        self.status = status


def model_fn(model_dir):
    """Load the model as the built-in algorithm does, and the encoder from the manifest named in the environment."""
    import boto3
    from sagemaker_xgboost_container.algorithm_mode import serve_utils

    mode = os.environ.get(INPUT_MODE_VARIABLE)
    if mode != RAW_ROWS:
        raise ValueError("raw_rows.py serves raw rows, but %s is %r. Set it to '%s', or deploy the model without "
                         "SAGEMAKER_PROGRAM to serve rows of encoded features." % (INPUT_MODE_VARIABLE, mode, RAW_ROWS))
    region = os.environ.get("SAGEMAKER_REGION") or os.environ.get("AWS_REGION")
    manifest = read_manifest(os.environ.get(MANIFEST_URI_VARIABLE), boto3.client("s3", region_name=region))
    encoder = RowEncoder(manifest)
    booster, model_format = serve_utils.get_loaded_booster(model_dir, serve_utils.is_ensemble_enabled())
    first = booster[0] if isinstance(booster, list) else booster
    objective = json.loads(first.save_config())["learner"]["objective"]["name"]
    return RawRowModel(booster, model_format, objective, encoder)


def input_fn(input_data, content_type):
    """Accept text/csv and return the body as text; other types become a 415 rejection."""
    if media_type(content_type) != "text/csv":
        return Rejection("Content-type %s is not supported: this endpoint accepts raw rows as text/csv." % content_type, 415)
    if isinstance(input_data, (bytes, bytearray)):
        try:
            return input_data.decode("utf-8")
        except UnicodeDecodeError as error:
            return Rejection("The request body is not UTF-8 text: %s. Send the rows as UTF-8." % error, 400)
    return input_data


def encode_request(text, encoder):
    """Return the feature rows of a request body, or a Rejection that names the line and the fix."""
    try:
        rows = encoder.encode_body(text)
    except RequestError as error:
        return Rejection(str(error), error.status)
    if not rows:
        return Rejection("The request body is empty: send one or more raw rows as text/csv, in the column order %s, "
                         "without the header." % encoder.describe_columns(), 400)
    return rows


def predict_fn(input_data, model):
    """Encode the rows and predict with the built-in algorithm's predict function."""
    if isinstance(input_data, Rejection):
        return input_data
    rows = encode_request(input_data, model.encoder)
    if isinstance(rows, Rejection):
        return rows
    import numpy as np
    import xgboost as xgb
    from sagemaker_xgboost_container.algorithm_mode import serve_utils

    matrix = xgb.DMatrix(np.array(rows, dtype=np.float32), missing=np.nan)
    return serve_utils.predict(model.booster, model.model_format, matrix, "text/csv", model.objective)


def output_fn(prediction, accept):
    """Format predictions as the built-in algorithm does, or turn a rejection into a response with its status."""
    from sagemaker_containers.beta.framework import encoders, worker
    from sagemaker_xgboost_container.algorithm_mode import serve_utils

    if isinstance(prediction, Rejection):
        return worker.Response(response=prediction.message, status=prediction.status, mimetype="text/plain")
    accept_type = media_type(accept)
    if not accept_type or accept_type == "*/*":
        accept_type = os.environ.get("SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT", "text/csv")
    if accept_type not in SUPPORTED_ACCEPTS:
        return worker.Response(response="Accept type %s is not supported. Use one of: %s." % (accept, ", ".join(SUPPORTED_ACCEPTS)),
                               status=406, mimetype="text/plain")
    predictions = prediction.tolist()
    if accept_type == "application/json":
        body = serve_utils.encode_predictions_as_json(predictions)
    else:
        body = encoders.encode(predictions, accept_type)
    return worker.Response(response=body, status=200, mimetype=accept_type)
