"""Unit tests of the pure-Python part of src/glue/preprocess.py.

Run from the repository root: python3 -m unittest discover -s tests/glue
The shared vectors in tests/vectors/preprocessing/ hold an input, a specification and the C# engine's output;
the Python engine must write the same bytes and the same manifest decisions.
"""

import json
import os
import shutil
import sys
import tempfile
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "src", "glue"))

import preprocess  # noqa: E402  (the path is set above)

VECTORS = os.path.join(ROOT, "tests", "vectors", "preprocessing")

# Manifest fields compared per column: the decisions, not the floating-point statistics.
COLUMN_FIELDS = ["name", "index", "role", "type", "dropReason", "encoding", "missing", "fillValue", "categories",
                 "otherIndicator", "features", "firstFeature"]


def _read(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


class VectorTests(unittest.TestCase):
    def test_vectors_match_csharp_engine(self):
        names = sorted(os.listdir(VECTORS))
        self.assertGreaterEqual(len(names), 5)
        for name in names:
            with self.subTest(vector=name):
                self._check(os.path.join(VECTORS, name))

    def _check(self, folder):
        spec = _read(os.path.join(folder, "spec.json"))
        inputs = [f for f in os.listdir(folder) if f.startswith("input.")]
        expected_folder = os.path.join(folder, "expected")
        output = tempfile.mkdtemp()
        try:
            manifest = preprocess.run_local(spec, os.path.join(folder, inputs[0]), output)
            expected = json.loads(_read(os.path.join(expected_folder, "manifest.json")))
            for relative in expected["output"]["files"].values():
                self.assertEqual(_read(os.path.join(expected_folder, relative)), _read(os.path.join(output, relative)), relative)
            self.assertEqual(expected["rows"], manifest["rows"])
            self.assertEqual(expected["features"], manifest["features"])
            self.assertEqual(expected["target"], manifest["target"])
            self.assertEqual(expected["input"]["columns"], manifest["input"]["columns"])
            for want, got in zip(expected["columns"], manifest["columns"]):
                for field in COLUMN_FIELDS:
                    self.assertEqual(want.get(field), got.get(field), "%s.%s" % (want["name"], field))
                if "statistics" in want:
                    for field in ("count", "missing", "distinct"):
                        self.assertEqual(want["statistics"][field], got["statistics"][field], "%s.statistics.%s" % (want["name"], field))
        finally:
            shutil.rmtree(output)


class ValueTests(unittest.TestCase):
    def test_format_number_matches_dotnet_round_trip_format(self):
        cases = {
            1e15: "1000000000000000", 1e16: "10000000000000000", 1e17: "1E+17", 0.0001: "0.0001", 0.00001: "1E-05",
            1.5e-7: "1.5E-07", 1.5e20: "1.5E+20", -2.5e-6: "-2.5E-06", 12.5: "12.5", 3.0: "3",
            19.362692307692296: "19.362692307692296", 1.0 / 3: "0.3333333333333333", 999900000000000.0: "999900000000000",
        }
        for value, text in cases.items():
            self.assertEqual(text, preprocess.format_number(value), value)

    def test_normalize_number_rejects_values_beyond_double_range(self):
        for text in ("1e309", "-.1e310", "1.8e308", "1" + "0" * 400):
            self.assertIsNone(preprocess.normalize_number(text), text)
        self.assertEqual("1.7976931348623157e308", preprocess.normalize_number("1.7976931348623157e308"))
        self.assertEqual("1e-400", preprocess.normalize_number("1e-400"))

    def test_normalize_number_accepts_grammar_and_separators(self):
        self.assertEqual("1364", preprocess.normalize_number("1,364", ","))
        self.assertEqual("1234567.5", preprocess.normalize_number("1.234.567,5", ".", ","))
        self.assertEqual("-.5e3", preprocess.normalize_number("-.5e3"))
        for text in ("1,36", "inf", "nan", "1e", "", ".", "1.2.3", "12a"):
            self.assertIsNone(preprocess.normalize_number(text, ","), text)

    def test_parse_unix_seconds_reads_iso_dates(self):
        self.assertEqual(978307260.0, preprocess.parse_unix_seconds("2001-01-01 00:01"))
        self.assertEqual(978307200.0, preprocess.parse_unix_seconds("2001-01-01"))
        self.assertEqual(978307200.5, preprocess.parse_unix_seconds("2001-01-01T02:00:00.5+02:00"))
        for text in ("2001-02-30", "2001-13-01", "2001-01-01 24:00", "01/01/2001", "2001-01-01T"):
            self.assertIsNone(preprocess.parse_unix_seconds(text), text)

    def test_row_hash_is_stable_and_seeded(self):
        first, key = preprocess.row_position_and_key(42, ["17.99", "0"])
        again, same = preprocess.row_position_and_key(42, ["17.99", "0"])
        other, _ = preprocess.row_position_and_key(7, ["17.99", "0"])
        self.assertEqual((first, key), (again, same))
        self.assertNotEqual(first, other)
        self.assertTrue(0 <= first < 1)


class SpecTests(unittest.TestCase):
    def test_defaults_fill_every_field(self):
        spec = preprocess.parse_spec('{ "target": "diagnosis" }')
        self.assertTrue(spec["input"]["header"])
        self.assertEqual({"train": 0.8, "validation": 0.2, "test": 0, "seed": 42}, spec["split"])
        self.assertEqual("keep", spec["missing"]["numeric"])
        self.assertEqual(20, spec["categorical"]["maxCategories"])
        self.assertEqual("csv", spec["output"]["format"])

    def test_index_target_defaults_to_no_header(self):
        self.assertFalse(preprocess.parse_spec({"target": 0})["input"]["header"])

    def test_every_problem_is_reported(self):
        with self.assertRaises(preprocess.SpecError) as caught:
            preprocess.parse_spec({"splt": 1, "split": {"train": 0.9, "validation": 0.2}, "output": {"format": "xml"}})
        problems = caught.exception.problems
        self.assertTrue(any(p.startswith("$.target: is required") for p in problems), problems)
        self.assertTrue(any(p.startswith("$.splt: unknown property") for p in problems), problems)
        self.assertTrue(any("must add up to 1" in p for p in problems), problems)
        self.assertTrue(any(p.startswith('$.output.format: unknown value "xml"') for p in problems), problems)


class FailureTests(unittest.TestCase):
    def _run(self, spec, text, name="input.csv"):
        folder = tempfile.mkdtemp()
        try:
            path = os.path.join(folder, name)
            with open(path, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            return preprocess.run_local(spec, path, os.path.join(folder, "out"))
        finally:
            shutil.rmtree(folder)

    def test_ragged_row_names_line_and_counts(self):
        with self.assertRaises(preprocess.PreprocessingError) as caught:
            self._run({"target": "y"}, "x,y\n1,0\n1,2,3\n")
        self.assertEqual(3, caught.exception.line)
        self.assertIn("line 3 has 3 fields but the header has 2", str(caught.exception))

    def test_missing_target_lists_columns(self):
        with self.assertRaises(preprocess.PreprocessingError) as caught:
            self._run({"target": "label"}, "x,y\n1,0\n")
        self.assertIn("The target column 'label' is not in the header", str(caught.exception))
        self.assertIn("Columns found: x, y.", str(caught.exception))

    def test_mostly_numeric_column_suggests_thousands_separator(self):
        rows = "".join("%d,%d\n" % (i, i % 2) for i in range(40))
        with self.assertRaises(preprocess.PreprocessingError) as caught:
            self._run({"target": "y"}, "x,y\n" + rows + '"1,364",1\n')
        self.assertIn("If ',' is a thousands separator", str(caught.exception))

    def test_mean_fill_of_overflowing_sum_names_column(self):
        rows = "".join("%d,1e308\n" % (i % 2) for i in range(40))
        spec = {"target": "y", "split": {"train": 0.99, "validation": 0.01}, "columns": {"x": {"missing": "mean"}}}
        with self.assertRaises(preprocess.PreprocessingError) as caught:
            self._run(spec, "y,x\n0,\n" + rows)
        self.assertIn("the sum of the training values of column 'x' is beyond the range of a double", str(caught.exception))
        self.assertEqual(2, caught.exception.column)


if __name__ == "__main__":
    unittest.main()


class MergeTests(unittest.TestCase):
    def test_merged_partition_profiles_match_one_pass(self):
        values = ["1.5", "2", "", "x", "2", "3.25", "NA", "2001-01-01", "7"]
        whole = preprocess.ColumnProfile("c", 0, False, True)
        left = preprocess.ColumnProfile("c", 0, False, True)
        right = preprocess.ColumnProfile("c", 0, False, True)
        missing = set(preprocess.PANDAS_MISSING_VALUES)
        for i, value in enumerate(values):
            whole.add(value, i % 2 == 0, i + 2, None, ".", missing)
            (left if i < 4 else right).add(value, i % 2 == 0, i + 2, None, ".", missing)
        merged = preprocess.merge_profiles(left, right)
        self.assertEqual(whole.categories, merged.categories)
        self.assertEqual((whole.missing, whole.numeric_count, whole.datetime_count), (merged.missing, merged.numeric_count, merged.datetime_count))
        self.assertEqual(whole.first_non_numeric, merged.first_non_numeric)
        self.assertAlmostEqual(whole.numbers.mean, merged.numbers.mean)
        self.assertAlmostEqual(whole.numbers.standard_deviation, merged.numbers.standard_deviation)
        self.assertEqual(whole.median(), merged.median())


class OverflowTests(unittest.TestCase):
    def test_counts_stop_and_top_values_are_empty_past_the_tracked_distinct_values(self):
        spec = preprocess.parse_spec('{ "target": "y" }')
        profile = preprocess.ColumnProfile("id", 0, False, False)
        missing = set(preprocess.PANDAS_MISSING_VALUES)
        for i in range(preprocess.MAX_DISTINCT + 5):
            profile.add("row-%d" % i, True, i + 2, None, ".", missing)
        profile.add("row-0", True, 0, None, ".", missing)
        self.assertTrue(profile.overflow)
        self.assertEqual(1, profile.categories["row-0"][0])
        statistics = preprocess._statistics(spec, profile)
        self.assertIsNone(statistics["distinct"])
        self.assertEqual([], statistics["topValues"])

