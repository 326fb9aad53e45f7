"""Unit tests of src/inference/raw_rows.py, the inference script of raw-row endpoints on AWS.

Run from the repository root: python3 -m unittest discover -s tests/inference
The shared cases in tests/vectors/raw-rows/ contain request bodies and the features or errors they must give.
The local runtime's C# encoder runs the same cases (Pipeline.Local.Tests, RawRowVectorTests). The container's own
modules (sagemaker_containers, sagemaker_xgboost_container) and boto3 are not installed here, so the hook tests
put small stand-ins for them in sys.modules.
"""

import json
import math
import os
import subprocess
import sys
import tarfile
import tempfile
import types
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "src", "glue"))
sys.path.insert(0, os.path.join(ROOT, "src", "inference"))

import raw_rows  # noqa: E402  (the path is set above)

VECTORS = os.path.join(ROOT, "tests", "vectors", "raw-rows")
MANIFEST_URI = "s3://data/processed/mixed/run-1/manifest.json"

try:
    import numpy
    import xgboost
except ImportError:
    numpy = None
    xgboost = None


def _read_json(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _vector_manifest():
    return _read_json(os.path.join(VECTORS, "mixed-columns", "manifest.json"))


def _same(expected, actual):
    if expected is None:
        return math.isnan(actual)
    return expected == actual


class VectorTests(unittest.TestCase):
    def test_shared_vectors(self):
        names = sorted(os.listdir(VECTORS))
        self.assertGreaterEqual(len(names), 1)
        for name in names:
            document = _read_json(os.path.join(VECTORS, name, "cases.json"))
            encoder = raw_rows.RowEncoder(_read_json(os.path.join(VECTORS, name, document["manifest"])))
            self.assertGreaterEqual(len(document["cases"]), 5)
            for case in document["cases"]:
                with self.subTest(vector=name, case=case["name"]):
                    self._check(encoder, case)

    def _check(self, encoder, case):
        if "errorContains" in case:
            with self.assertRaises(raw_rows.RequestError) as raised:
                encoder.encode_body(case["body"])
            for fragment in case["errorContains"]:
                self.assertIn(fragment, str(raised.exception))
            return
        rows = encoder.encode_body(case["body"])
        self.assertEqual(len(case["expected"]), len(rows))
        for number, (expected, actual) in enumerate(zip(case["expected"], rows), start=1):
            self.assertEqual(len(expected), len(actual), "row %d" % number)
            for position, (want, got) in enumerate(zip(expected, actual)):
                self.assertTrue(_same(want, got), "row %d, feature %d: expected %r, got %r" % (number, position, want, got))


class RowEncoderTests(unittest.TestCase):
    def test_unknown_manifest_version_is_rejected(self):
        manifest = _vector_manifest()
        manifest["version"] = 2

        with self.assertRaises(ValueError) as raised:
            raw_rows.RowEncoder(manifest)

        self.assertIn("version 2", str(raised.exception))

    def test_oversized_field_is_request_error(self):
        encoder = raw_rows.RowEncoder(_vector_manifest())

        with self.assertRaises(raw_rows.RequestError) as raised:
            encoder.encode_body('1,"' + "x" * 200000)

        self.assertIn("is not valid CSV", str(raised.exception))
        self.assertEqual(400, raised.exception.status)


class ManifestTests(unittest.TestCase):
    def test_split_s3_uri_returns_bucket_and_key(self):
        self.assertEqual(("data", "processed/mixed/run-1/manifest.json"), raw_rows.split_s3_uri(MANIFEST_URI))

    def test_split_s3_uri_rejects_other_uris(self):
        for uri in [None, "", "manifest.json", "s3://data", "s3://data/prefix/"]:
            with self.subTest(uri=uri):
                with self.assertRaises(ValueError) as raised:
                    raw_rows.split_s3_uri(uri)
                self.assertIn("PIPELINE_MANIFEST_URI", str(raised.exception))

    def test_read_manifest_reads_the_object(self):
        client = FakeS3({("data", "processed/mixed/run-1/manifest.json"): b'{"version": 1}'})

        self.assertEqual({"version": 1}, raw_rows.read_manifest(MANIFEST_URI, client))

    def test_read_manifest_names_missing_uri(self):
        with self.assertRaises(RuntimeError) as raised:
            raw_rows.read_manifest(MANIFEST_URI, FakeS3({}))

        self.assertIn("Could not read the preprocessing manifest at " + MANIFEST_URI, str(raised.exception))
        self.assertIn("NoSuchKey", str(raised.exception))


class HookTests(unittest.TestCase):
    """input_fn, predict_fn, output_fn and model_fn with stand-ins for the container's modules."""

    def setUp(self):
        self.saved_modules = dict(sys.modules)
        self.saved_environ = dict(os.environ)
        self.fakes = ContainerFakes()
        sys.modules.update(self.fakes.modules)

    def tearDown(self):
        sys.modules.clear()
        sys.modules.update(self.saved_modules)
        os.environ.clear()
        os.environ.update(self.saved_environ)

    def _model(self, booster=None):
        return raw_rows.RawRowModel(booster, "xgb_format", "binary:logistic", raw_rows.RowEncoder(_vector_manifest()))

    def test_input_fn_rejects_json(self):
        result = raw_rows.input_fn('{"instances": []}', "application/json")

        self.assertIsInstance(result, raw_rows.Rejection)
        self.assertEqual(415, result.status)
        self.assertIn("Content-type application/json is not supported", result.message)

    def test_input_fn_decodes_csv_bytes(self):
        self.assertEqual("1,2", raw_rows.input_fn(b"1,2", "text/csv; charset=utf-8"))

    def test_predict_fn_rejects_short_row(self):
        result = raw_rows.predict_fn("1,2,3", self._model())

        self.assertIsInstance(result, raw_rows.Rejection)
        self.assertEqual(400, result.status)
        self.assertIn("line 1 has 3 values, but the model expects the 9 input columns (id, when, city", result.message)

    def test_predict_fn_rejects_blank_body(self):
        result = raw_rows.predict_fn("\r\n\n", self._model())

        self.assertIsInstance(result, raw_rows.Rejection)
        self.assertTrue(result.message.startswith("The request body is empty"), result.message)

    def test_output_fn_returns_rejection_status(self):
        response = raw_rows.output_fn(raw_rows.Rejection("bad row", 400), "text/csv")

        self.assertEqual((400, "bad row", "text/plain"), (response.status, response.response, response.mimetype))

    def test_output_fn_formats_csv_and_json(self):
        csv_response = raw_rows.output_fn(FakePrediction([0.25, 0.75]), "text/csv")
        json_response = raw_rows.output_fn(FakePrediction([0.25]), "application/json")

        self.assertEqual((200, "text/csv", "text/csv"), (csv_response.status, csv_response.mimetype, self.fakes.encoded[-1][1]))
        self.assertEqual([0.25, 0.75], self.fakes.encoded[-1][0])
        self.assertEqual((200, "application/json"), (json_response.status, json_response.mimetype))
        self.assertEqual('{"predictions": [{"score": 0.25}]}', json_response.response)

    def test_output_fn_rejects_unknown_accept(self):
        response = raw_rows.output_fn(FakePrediction([0.5]), "image/png")

        self.assertEqual(406, response.status)
        self.assertIn("image/png", response.response)

    def test_model_fn_requires_raw_mode(self):
        os.environ.pop("PIPELINE_INPUT_MODE", None)

        with self.assertRaises(ValueError) as raised:
            raw_rows.model_fn("/opt/ml/model")

        self.assertIn("PIPELINE_INPUT_MODE", str(raised.exception))

    def test_model_fn_loads_manifest_and_booster(self):
        with open(os.path.join(VECTORS, "mixed-columns", "manifest.json"), "rb") as handle:
            self.fakes.objects[("data", "processed/mixed/run-1/manifest.json")] = handle.read()
        os.environ.update({"PIPELINE_INPUT_MODE": "raw", "PIPELINE_MANIFEST_URI": MANIFEST_URI, "SAGEMAKER_REGION": "eu-west-1"})

        model = raw_rows.model_fn("/opt/ml/model")

        self.assertEqual("reg:squarederror", model.objective)
        self.assertEqual(("/opt/ml/model", True), self.fakes.loaded_from)
        self.assertEqual("eu-west-1", self.fakes.client_region)
        self.assertEqual(10, model.encoder.feature_count)

    @unittest.skipIf(xgboost is None, "python3-xgboost is not installed")
    def test_predict_fn_predicts_encoded_rows(self):
        encoder = raw_rows.RowEncoder(_vector_manifest())
        training = numpy.array([[1704412800 + i * 86400, i % 2, 1 - i % 2, 0, i, i % 3, 1000 + i, i % 2, 1 - i % 2, 50 + i]
                                for i in range(40)], dtype=numpy.float32)
        labels = numpy.array([i % 2 for i in range(40)], dtype=numpy.float32)
        booster = xgboost.train({"objective": "binary:logistic", "max_depth": 2}, xgboost.DMatrix(training, label=labels), 5)
        body = '99,2024-01-05,Oslo,2.5,high,"1,500",red,60\n100,NA,Paris,,,,blue,61\n'

        predictions = raw_rows.predict_fn(body, raw_rows.RawRowModel(booster, "xgb_format", "binary:logistic", encoder))

        expected = booster.predict(xgboost.DMatrix(numpy.array(encoder.encode_body(body), dtype=numpy.float32), missing=numpy.nan))
        self.assertEqual(2, len(predictions))
        self.assertEqual(expected.tolist(), predictions.tolist())
        self.assertEqual(10, self.fakes.predicted_columns)


class PackageTests(unittest.TestCase):
    def test_package_holds_an_importable_script(self):
        folder = tempfile.mkdtemp()
        archive = os.path.join(folder, "sourcedir.tar.gz")
        subprocess.run([os.path.join(ROOT, "scripts", "package-inference.sh"), archive], check=True, capture_output=True)
        with tarfile.open(archive, "r:gz") as handle:
            self.assertEqual(["preprocess.py", "raw_rows.py"], sorted(handle.getnames()))
            handle.extractall(os.path.join(folder, "code"))

        # The container puts the extracted folder on sys.path and imports the module named by SAGEMAKER_PROGRAM.
        result = subprocess.run([sys.executable, "-c", "import raw_rows; print(raw_rows.RowEncoder.__name__)"],
                                cwd=os.path.join(folder, "code"), capture_output=True, text=True,
                                env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": os.path.join(folder, "code")})

        self.assertEqual(0, result.returncode, result.stderr)
        self.assertEqual("RowEncoder", result.stdout.strip())


class FakeS3:
    def __init__(self, objects):
        self.objects = objects

    def get_object(self, Bucket, Key):  # noqa: N803  (boto3's parameter names)
        if (Bucket, Key) not in self.objects:
            raise LookupError("An error occurred (NoSuchKey) when calling the GetObject operation")
        return {"Body": FakeBody(self.objects[(Bucket, Key)])}


class FakeBody:
    def __init__(self, data):
        self.data = data

    def read(self):
        return self.data


class FakePrediction:
    def __init__(self, values):
        self.values = values

    def tolist(self):
        return list(self.values)


class FakeResponse:
    def __init__(self, response=None, status=200, mimetype=None):
        self.response = response
        self.status = status
        self.mimetype = mimetype


class FakeBooster:
    def save_config(self):
        return json.dumps({"learner": {"objective": {"name": "reg:squarederror"}}})


class ContainerFakes:
    """Stand-ins for boto3 and the container's sagemaker_containers and sagemaker_xgboost_container modules."""

    def __init__(self):
        self.objects = {}
        self.encoded = []
        self.loaded_from = None
        self.client_region = None
        self.predicted_columns = None

        boto3 = types.ModuleType("boto3")
        boto3.client = self._client
        framework = types.ModuleType("sagemaker_containers.beta.framework")
        framework.encoders = types.SimpleNamespace(encode=self._encode)
        framework.worker = types.SimpleNamespace(Response=FakeResponse)
        serve_utils = types.ModuleType("sagemaker_xgboost_container.algorithm_mode.serve_utils")
        serve_utils.get_loaded_booster = self._load
        serve_utils.is_ensemble_enabled = lambda: True
        serve_utils.predict = self._predict
        serve_utils.encode_predictions_as_json = lambda values: json.dumps({"predictions": [{"score": v} for v in values]})
        algorithm_mode = types.ModuleType("sagemaker_xgboost_container.algorithm_mode")
        algorithm_mode.serve_utils = serve_utils
        self.modules = {
            "boto3": boto3,
            "sagemaker_containers": types.ModuleType("sagemaker_containers"),
            "sagemaker_containers.beta": types.ModuleType("sagemaker_containers.beta"),
            "sagemaker_containers.beta.framework": framework,
            "sagemaker_xgboost_container": types.ModuleType("sagemaker_xgboost_container"),
            "sagemaker_xgboost_container.algorithm_mode": algorithm_mode,
            "sagemaker_xgboost_container.algorithm_mode.serve_utils": serve_utils,
        }

    def _client(self, service, region_name=None):
        assert service == "s3"
        self.client_region = region_name
        return FakeS3(self.objects)

    def _encode(self, values, content_type):
        self.encoded.append((values, content_type))
        return "\n".join(str(v) for v in values)

    def _load(self, model_dir, ensemble):
        self.loaded_from = (model_dir, ensemble)
        return FakeBooster(), "xgb_format"

    def _predict(self, booster, model_format, matrix, content_type, objective):
        assert content_type == "text/csv"
        self.predicted_columns = matrix.num_col()
        return booster.predict(matrix)


if __name__ == "__main__":
    unittest.main()
