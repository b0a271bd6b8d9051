"""collect-zip on hostile and messy platform archives (no kernels: placement only)."""
import io
import json
import os
import shutil
import struct
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from grading.lms import ArchiveRefused, Limits, RosterError, collect_zip
from grading.lms.archive import checked_parts, read_archive
from grading.lms.export import Grade, export_moodle, export_studip
from grading.lms.roster import Roster, name_key
from grading.lms.simulate import HOSTILE, messy_class, write_roster, write_zip
from grading.paths import COURSE_ROOT

ASSIGNMENT = "matrix_fundamentals"
WHEN = (2026, 11, 20, 10, 0, 0)


def _course(tmp_path):
    root = tmp_path / "course"
    shutil.copytree(COURSE_ROOT / "source" / ASSIGNMENT, root / "source" / ASSIGNMENT)
    return root


def _zip(path, entries):
    """entries: [(name, bytes)] or [(name, bytes, date_time)]."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data, *when in entries:
            archive.writestr(zipfile.ZipInfo(name, when[0] if when else WHEN), data)
    return path


NOTEBOOK = json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


@pytest.fixture(scope="module")
def messy(tmp_path_factory):
    """The simulated Moodle download with every messy and hostile case, collected once."""
    tmp = tmp_path_factory.mktemp("messy")
    students = messy_class(ASSIGNMENT)
    archive = write_zip(tmp / "download.zip", students)
    roster = write_roster(tmp / "roster.csv", students)
    root = _course(tmp)
    result = collect_zip(root, ASSIGNMENT, archive, preset="moodle", roster=roster)
    return tmp, root, students, result


def _upload(result, fragment):
    found = [upload for upload in result.uploads if fragment in upload.entry.name]
    assert len(found) == 1, (fragment, [upload.entry.name for upload in found])
    return found[0]


def test_every_entry_of_the_archive_is_accounted_for(messy):
    tmp, root, _, result = messy
    names = [info.filename for info in zipfile.ZipFile(tmp / "download.zip").infolist()]
    inner = zipfile.ZipFile(io.BytesIO(zipfile.ZipFile(tmp / "download.zip").read(
        next(name for name in names if name.endswith("abgabe.zip"))))).namelist()
    assert len(result.uploads) == len(names) + len(inner)
    for upload in result.uploads:
        assert upload.status in ("graded", "kept", "unpacked", "quarantined"), upload.line()
        assert upload.reason, upload.line()
        if upload.status in ("graded", "kept"):
            assert (root / upload.stored).is_file(), upload.line()
        if upload.status == "quarantined":
            stored = upload.stored.replace(" (not extracted)", "")
            assert (root / stored).is_file(), upload.line()
    summary = result.summary()
    assert summary.count("\n") == len(result.uploads) + 1


def test_nothing_is_written_outside_the_course_and_no_link_is_made(messy):
    tmp, root, _, _ = messy
    for name in ("ddasp-zip-slip.py", "ddasp-absolute-path.py"):
        assert not (Path("/tmp") / name).exists()
        assert not list(tmp.rglob(name))
    outside = {path.name for path in tmp.iterdir()} - {"course", "download.zip", "roster.csv"}
    assert not outside, outside
    for directory, folders, files in os.walk(root):
        for name in folders + files:
            assert not os.path.islink(os.path.join(directory, name)), name


def test_hostile_entries_are_quarantined_with_their_reason(messy):
    _, _, _, result = messy
    expected = {"zip-slip": "climbs out", "absolute": "absolute path",
                "symlink": "symbolic link", "bomb": "larger than 50 MB"}
    for case, words in expected.items():
        upload = _upload(result, HOSTILE[case].split("/")[-1])
        assert upload.status == "quarantined" and words in upload.reason, upload.line()
    odd_name = _upload(result, "Notizen-")
    assert odd_name.status == "kept" and "not UTF-8" in odd_name.line()


def _graded(result, student):
    return [upload for upload in result.uploads
            if upload.student == student and upload.status == "graded"]


def test_messy_uploads_get_the_decision_and_line_they_need(messy):
    _, root, students, result = messy
    by_case = {student.student_id: student for student in students if student.student_id}
    mueller = _graded(result, "lms-mueller")[0]
    assert "renamed" in mueller.reason and "(2).ipynb" in mueller.reason
    assert "renamed" in _graded(result, "lms-schmidt")[0].reason
    weber = _graded(result, "lms-weber")
    newest = max(by_case["lms-weber"].files, key=lambda item: item.time)
    assert len(weber) == 1 and "newest of 3" in weber[0].reason
    assert (root / weber[0].stored).read_bytes() == newest.data
    older = [upload for upload in result.uploads
             if upload.student == "lms-weber" and upload.status == "quarantined"]
    assert len(older) == 2 and all("older version" in upload.reason for upload in older)
    assert (root / "submitted/lms-weber" / ASSIGNMENT / "timestamp.txt").read_text() \
        == "2026-11-21 12:00:00"
    assert _graded(result, "lms-fischer")[0].entry.inner == ("matrix_fundamentals.ipynb",)
    assert "PDF" in _upload(result, "Eva Wagner_1005_assignsubmission_file_/matrix_fundamentals (1)").reason
    becker = _upload(result, "Felix Becker")
    assert becker.status == "quarantined" and "HTML" in becker.reason
    assert "graded as missing" in becker.reason
    assert (root / "submitted/lms-becker" / ASSIGNMENT).is_dir()
    assert "not on the roster" in _upload(result, "Greta Hoffmann").reason
    for name in ("Hans Koch", "Hanna Koch"):
        assert "two platform accounts" in _upload(result, name).reason
    assert not (root / "submitted/lms-koch").exists()
    assert set(result.students) == {"lms-mueller", "lms-schmidt", "lms-weber", "lms-fischer",
                                    "lms-wagner", "lms-becker"}
    assert result.students["lms-mueller"]["participant"] == "1001"
    assert result.students["lms-mueller"]["email"] == "lms-mueller@uni-rostock.example"


def test_the_cli_prints_one_line_per_file(tmp_path, ddasp):
    students = messy_class(ASSIGNMENT)[:2]
    archive = write_zip(tmp_path / "download.zip", students, hostile=False)
    roster = write_roster(tmp_path / "roster.csv", students)
    root = _course(tmp_path)
    done = ddasp("collect-zip", ASSIGNMENT, archive, "--roster", roster, "--course", root)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"collect-zip {ASSIGNMENT}") and len(lines) == 3
    assert (root / "lms" / ASSIGNMENT / "students.json").exists()


def test_too_many_entries_refuse_the_whole_archive(tmp_path):
    archive = _zip(tmp_path / "many.zip", [(f"a_{i}_assignsubmission_file_/x{i}", b"")
                                           for i in range(11)])
    root = _course(tmp_path)
    with pytest.raises(ArchiveRefused, match="11 entries"):
        collect_zip(root, ASSIGNMENT, archive, preset="moodle", limits=Limits(entries=10))
    assert not (root / "submitted").exists()


def test_total_size_is_bounded(tmp_path):
    entries = [(f"S{i}_{i}_assignsubmission_file_/{ASSIGNMENT}.ipynb", NOTEBOOK.encode()
                + b" " * 40_000) for i in range(4)]
    archive = _zip(tmp_path / "big.zip", entries)
    result = collect_zip(_course(tmp_path), ASSIGNMENT, archive, preset="moodle",
                         limits=Limits(total_bytes=100_000))
    statuses = [upload.status for upload in result.uploads]
    assert statuses == ["graded", "graded", "quarantined", "quarantined"]
    assert "total size limit" in result.uploads[2].reason


def _lie_about_size(raw, name, claimed):
    """Set the uncompressed size of ``name`` in both headers to ``claimed``."""
    encoded = name.encode()
    local = raw.index(encoded) - 30
    raw = raw[:local + 22] + struct.pack("<I", claimed) + raw[local + 26:]
    central = raw.index(b"PK\x01\x02")
    central = raw.index(encoded, central) - 46
    return raw[:central + 24] + struct.pack("<I", claimed) + raw[central + 28:]


def test_an_entry_lying_about_its_size_is_not_read_past_the_claim(tmp_path):
    name = f"A_1_assignsubmission_file_/{ASSIGNMENT}.ipynb"
    path = _zip(tmp_path / "liar.zip", [(name, bytes(2**21))])
    path.write_bytes(_lie_about_size(path.read_bytes(), name, 1000))
    entries = read_archive(path, tmp_path / "staging", Limits(entry_bytes=2**20))
    assert entries[0].problem and "corrupt" in entries[0].problem
    assert not any(path.stat().st_size > 1000 for path in (tmp_path / "staging").iterdir())


def test_a_zip_nested_twice_is_not_opened(tmp_path):
    innermost = io.BytesIO()
    with zipfile.ZipFile(innermost, "w") as archive:
        archive.writestr(f"{ASSIGNMENT}.ipynb", NOTEBOOK)
    middle = io.BytesIO()
    with zipfile.ZipFile(middle, "w") as archive:
        archive.writestr("deeper.zip", innermost.getvalue())
    path = _zip(tmp_path / "nested.zip", [("A_1_assignsubmission_file_/outer.zip",
                                           middle.getvalue())])
    result = collect_zip(_course(tmp_path), ASSIGNMENT, path, preset="moodle")
    deeper = _upload(result, "deeper.zip")
    assert deeper.status == "quarantined" and "nested deeper" in deeper.reason


@pytest.mark.parametrize("name", ["../x", "a/../../x", "/etc/passwd", "C:\\x", "a\\..\\..\\x",
                                  "a/b\x00c"])
def test_unsafe_names_are_refused(name):
    with pytest.raises(ValueError):
        checked_parts(name)


def test_safe_names_keep_their_parts():
    assert checked_parts("A B_1_x_/./sub//f (2).ipynb") == ("A B_1_x_", "sub", "f (2).ipynb")


def test_studip_preset_with_a_roster_by_name(tmp_path):
    (tmp_path / "roster.csv").write_text("Student_ID,Full name\nmue01,Anna Müller\n")
    path = _zip(tmp_path / "studip.zip", [
        (f"Abgaben/Müller_Anna_{ASSIGNMENT}.ipynb", NOTEBOOK, (2026, 11, 20, 9, 0, 0)),
        (f"Abgaben/Müller_Anna_{ASSIGNMENT}_final.ipynb", NOTEBOOK + " ", (2026, 11, 20, 11, 0, 0))])
    root = _course(tmp_path)
    result = collect_zip(root, ASSIGNMENT, path, preset="studip", roster=tmp_path / "roster.csv")
    assert [upload.status for upload in result.uploads] == ["quarantined", "graded"]
    assert (root / "submitted/mue01" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text() \
        == NOTEBOOK + " "


def test_a_pattern_with_student_id_and_timestamp_groups(tmp_path):
    pattern = r"^(?P<student_id>[a-z0-9]+)_(?P<timestamp>\d{8}T\d{6})_(?P<file>.+)$"
    path = _zip(tmp_path / "ids.zip", [(f"ab12_20261120T100000_{ASSIGNMENT}.ipynb", NOTEBOOK),
                                       (f"ab12_20261121T100000_{ASSIGNMENT}.ipynb", NOTEBOOK + "\n"),
                                       ("../ab12_x.ipynb", NOTEBOOK)])
    root = _course(tmp_path)
    result = collect_zip(root, ASSIGNMENT, path, pattern=pattern)
    assert [upload.status for upload in result.uploads] == ["quarantined", "graded", "quarantined"]
    assert "2026-11-21 10:00:00" in result.uploads[1].reason


def test_without_a_roster_the_id_comes_from_the_name(tmp_path):
    path = _zip(tmp_path / "m.zip", [(f"Jörg Groß_7_assignsubmission_file_/{ASSIGNMENT}.ipynb",
                                      NOTEBOOK)])
    result = collect_zip(_course(tmp_path), ASSIGNMENT, path, preset="moodle")
    assert list(result.students) == ["jorg-gro"]


def test_a_file_that_fits_no_layout_is_quarantined(tmp_path):
    path = _zip(tmp_path / "m.zip", [("README.txt", b"hello")])
    result = collect_zip(_course(tmp_path), ASSIGNMENT, path, preset="moodle")
    assert result.uploads[0].status == "quarantined"
    assert "does not fit the archive layout" in result.uploads[0].reason


def test_names_match_in_any_order_and_form():
    assert name_key("Müller, Anna") == name_key("anna  MÜLLER") == name_key("Müller_Anna")


def test_a_roster_listing_one_name_for_two_ids_is_refused(tmp_path):
    (tmp_path / "roster.csv").write_text("student_id,name\na1,Anna Müller\na2,Müller Anna\n")
    with pytest.raises(RosterError, match="line 3"):
        Roster.read(tmp_path / "roster.csv")


def test_moodle_export_layout(tmp_path):
    html = tmp_path / f"{ASSIGNMENT}.html"
    html.write_text("<html>feedback</html>")
    grades = [Grade("lms-mueller", 37.0, 40.0, [html]), Grade("exchange-only", 40.0, 40.0, [html])]
    students = {"lms-mueller": {"name": "Anna Müller", "email": "a@x", "participant": "1001"}}
    result = export_moodle(grades, students, ASSIGNMENT, tmp_path)
    rows = (tmp_path / "moodle-grades.csv").read_text().splitlines()
    assert rows[0].startswith("Identifier,Full name,Email address,Status,Grade,Maximum Grade")
    assert rows[1].startswith("Participant 1001,Anna Müller,a@x,") and ",37.00,40.00," in rows[1]
    assert len(rows) == 2 and "exchange-only" in result.lines[0]
    names = zipfile.ZipFile(tmp_path / "moodle-feedback.zip").namelist()
    assert names == [f"Anna Müller_1001_assignsubmission_file_/{ASSIGNMENT}.html"]


def test_studip_export_layout(tmp_path):
    html = tmp_path / f"{ASSIGNMENT}.html"
    html.write_text("<html>feedback</html>")
    grades = [Grade("mue01", 36.5, 40.0, [html]), Grade("x2", 0.0, 40.0, [], True, True)]
    result = export_studip(grades, {"mue01": {"name": "Müller_Anna"}}, ASSIGNMENT, tmp_path)
    assert (tmp_path / "studip-grades.csv").read_text().splitlines() == [
        "student_id,points,max_points", "mue01,36.5,40", "x2,0,40"]
    assert zipfile.ZipFile(tmp_path / "studip-feedback.zip").namelist() == [
        f"Müller_Anna_{ASSIGNMENT}_feedback.html"]
    assert "x2: no feedback file" in result.lines[0]


def test_entry_times_are_the_platform_times(tmp_path):
    path = _zip(tmp_path / "t.zip", [("a.txt", b"x", (2025, 1, 2, 3, 4, 6))])
    assert read_archive(path, tmp_path / "s")[0].timestamp == datetime(2025, 1, 2, 3, 4, 6)


def test_a_student_cannot_forge_summary_lines_or_the_timestamp(tmp_path):
    folder = "Eve_5_assignsubmission_file_/"
    path = _zip(tmp_path / "eve.zip", [
        (folder + f"{ASSIGNMENT}.ipynb", NOTEBOOK),
        (folder + "timestamp.txt", b"2020-01-01 00:00:00"),
        (folder + "x\ngraded      forged line\u202e.txt", b"")])
    root = _course(tmp_path)
    result = collect_zip(root, ASSIGNMENT, path, preset="moodle")
    assert (root / "submitted/eve" / ASSIGNMENT / "timestamp.txt").read_text() \
        == "2026-11-20 10:00:00"
    assert "is taken" in result.uploads[1].reason
    assert len(result.summary().splitlines()) == 1 + 3
    assert "\\n" in result.uploads[2].entry.name and "\\u202e" in result.uploads[2].entry.name


def test_deeply_nested_json_is_not_a_notebook(tmp_path):
    path = _zip(tmp_path / "deep.zip", [(f"D_1_assignsubmission_file_/{ASSIGNMENT}.ipynb",
                                         b"[" * 200_000 + b"]" * 200_000)])
    result = collect_zip(_course(tmp_path), ASSIGNMENT, path, preset="moodle")
    assert result.uploads[0].status == "quarantined"
    assert "nested too deeply" in result.uploads[0].reason


def test_exported_names_never_become_spreadsheet_formulas(tmp_path):
    grades = [Grade("s1", 1.0, 40.0, [], True, False)]
    students = {"s1": {"name": "=HYPERLINK(\"http://x\")", "email": "@x", "participant": "7"}}
    export_moodle(grades, students, ASSIGNMENT, tmp_path)
    row = (tmp_path / "moodle-grades.csv").read_text().splitlines()[1]
    assert row.startswith("Participant 7,\"'=HYPERLINK(\"\"http://x\"\")\",'@x,")


def test_a_huge_entry_count_is_refused_before_the_directory_is_parsed(tmp_path, monkeypatch):
    archive = _zip(tmp_path / "many.zip", [(f"a_{i}_assignsubmission_file_/x{i}", b"")
                                           for i in range(11)])

    def parse(*args, **kwargs):
        raise AssertionError("the central directory was parsed")
    monkeypatch.setattr(zipfile.ZipFile, "_RealGetContents", parse)
    with pytest.raises(ArchiveRefused, match="11 entries"):
        read_archive(archive, tmp_path / "staging", Limits(entries=10))


def test_a_corrupt_entry_fails_only_itself(tmp_path):
    good = f"A_1_assignsubmission_file_/{ASSIGNMENT}.ipynb"
    bad = f"B_2_assignsubmission_file_/{ASSIGNMENT}.ipynb"
    path = _zip(tmp_path / "c.zip", [(bad, NOTEBOOK * 50), (good, NOTEBOOK)])
    raw = bytearray(path.read_bytes())
    start = raw.index(bad.encode()) + len(bad)   # compressed data of the first entry
    raw[start:start + 40] = bytes(40)
    path.write_bytes(bytes(raw))
    result = collect_zip(_course(tmp_path), ASSIGNMENT, path, preset="moodle")
    assert result.uploads[0].status == "quarantined"
    assert "corrupt or unsupported entry" in result.uploads[0].reason
    assert result.uploads[1].status == "graded"


def test_a_notebook_quoting_html_in_its_first_cell_is_a_notebook(tmp_path):
    text = json.dumps({"cells": [{"cell_type": "markdown", "metadata": {},
                                  "source": "<html><body>see below</body></html>"}],
                       "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    path = _zip(tmp_path / "h.zip", [(f"A_1_assignsubmission_file_/{ASSIGNMENT}.ipynb", text)])
    result = collect_zip(_course(tmp_path), ASSIGNMENT, path, preset="moodle")
    assert result.uploads[0].status == "graded", result.uploads[0].line()


def test_not_a_zip_is_refused(tmp_path):
    (tmp_path / "x.zip").write_bytes(b"%PDF-1.4 not a zip")
    with pytest.raises(ArchiveRefused, match="not a zip"):
        collect_zip(_course(tmp_path), ASSIGNMENT, tmp_path / "x.zip", preset="moodle")


def test_the_cli_refuses_what_is_not_a_zip_with_status_2(tmp_path, ddasp):
    (tmp_path / "x.zip").write_bytes(b"<html>not a zip</html>")
    done = ddasp("collect-zip", ASSIGNMENT, tmp_path / "x.zip", "--course", _course(tmp_path))
    assert done.returncode == 2 and "not a zip archive" in done.stderr


def test_the_entry_limit_counts_the_entries_of_inner_zips(tmp_path):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        for index in range(6):
            archive.writestr(f"empty-{index}.txt", b"")
    path = _zip(tmp_path / "n.zip", [(f"S{i}_{i}_assignsubmission_file_/part.zip", inner.getvalue())
                                     for i in range(3)])
    result = collect_zip(_course(tmp_path), ASSIGNMENT, path, preset="moodle",
                         limits=Limits(entries=16))
    # 3 outer entries, 6 + 6 inner ones fit the 16, the third inner zip does not
    assert [upload.status for upload in result.uploads if "->" not in upload.entry.name] \
        == ["unpacked", "unpacked", "quarantined"]
    assert "entries, more than the 1 left of the limit of 16" in result.uploads[-1].reason


def test_a_display_name_posing_as_another_account_is_not_attributed(tmp_path):
    (tmp_path / "roster.csv").write_text("student_id,name\nann,Ann Lee\nbob,Bob Ray\n")
    path = _zip(tmp_path / "pose.zip", [
        (f"Bob Ray_1002_assignsubmission_file_/{ASSIGNMENT}.ipynb", NOTEBOOK,
         (2026, 11, 20, 9, 0, 0)),
        # Ann renamed herself "Bob Ray_1002_assignsubmission_file_" on the platform
        (f"Bob Ray_1002_assignsubmission_file__1001_assignsubmission_file_/{ASSIGNMENT}.ipynb",
         NOTEBOOK + " ", (2026, 11, 21, 9, 0, 0)),
        # the flat layout: a file named to pose as another participant
        (f"Ann Lee_1001_assignsubmission_file_x_1002_assignsubmission_file_{ASSIGNMENT}.ipynb",
         NOTEBOOK + "  ", (2026, 11, 22, 9, 0, 0))])
    root = _course(tmp_path)
    result = collect_zip(root, ASSIGNMENT, path, preset="moodle", roster=tmp_path / "roster.csv")
    assert [upload.status for upload in result.uploads] == ["graded", "quarantined", "quarantined"]
    assert all("ambiguous" in upload.reason for upload in result.uploads[1:])
    assert (root / "submitted/bob" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text() == NOTEBOOK


def test_files_in_a_students_own_zip_take_the_time_the_platform_stored_it(tmp_path):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr(zipfile.ZipInfo("hw.ipynb", (2020, 1, 1, 0, 0, 0)), NOTEBOOK)
    path = _zip(tmp_path / "z.zip", [("Eve_5_assignsubmission_file_/abgabe.zip",
                                      inner.getvalue(), (2026, 11, 30, 23, 0, 0))])
    times = {entry.name: entry.timestamp for entry in read_archive(path, tmp_path / "s")}
    assert set(times.values()) == {datetime(2026, 11, 30, 23, 0, 0)}, times


def test_a_file_time_no_calendar_has_fails_only_its_entry(tmp_path):
    path = _zip(tmp_path / "t.zip", [("a.txt", b"x", (2025, 1, 2, 3, 4, 6)),
                                     ("b.txt", b"y", (2025, 1, 2, 3, 4, 6))])
    data = bytearray(path.read_bytes())
    for marker in (b"PK\x03\x04", b"PK\x01\x02"):          # b.txt's headers: month 0
        at = data.rfind(marker)
        offset = at + (10 if marker == b"PK\x03\x04" else 12)
        data[offset + 2:offset + 4] = struct.pack("<H", (2025 - 1980) << 9 | 0 << 5 | 2)
    path.write_bytes(bytes(data))
    entries = {entry.name: entry for entry in read_archive(path, tmp_path / "s2")}
    assert entries["a.txt"].problem is None
    assert "invalid file time" in entries["b.txt"].problem


def test_a_file_where_a_folder_goes_is_skipped_and_the_rest_extracted(tmp_path):
    from grading.lms.nbgrader_extractor import SafeExtractor
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("a", b"file")
        archive.writestr("a/b", b"inside")
    path = _zip(tmp_path / "z.zip", [("eve/abgabe.zip", inner.getvalue()),
                                     ("zoe/hw.ipynb", NOTEBOOK)])
    SafeExtractor()._extract_zip(str(path), tmp_path / "out")
    assert (tmp_path / "out" / "zoe" / "hw.ipynb").read_text() == NOTEBOOK
    assert (tmp_path / "out" / "eve" / "abgabe.zip" / "a").read_bytes() == b"file"
