"""Which similarity library: copydetect and its alternatives on the same calibration set.

Every scorer sees the same pairs (grading/similarity/calibrate.py): the independent
correct solutions of both assignments (no pair should be flagged) and their disguised
copies (renamed, reformatted, reordered, commented, all four; every pair should be).
A scorer separates them when its lowest copy score is above its highest independent
score; the gap is the margin a threshold can use. Scorers:

- ``course``: this course's canonical tokens + copydetect fingerprints (what ``ddasp
  similarity`` uses; boilerplate = the release notebook);
- ``copydetect``: copydetect alone on the raw text (its own pygments filter, default
  noise threshold 25 characters, window 1);
- ``pycode_similar``: pycode_similar 1.4 (AST dump of each function, line diff against
  the best-matching function; ``pip install pycode_similar==1.4``);
- ``dolos``: Dolos (``@dodona/dolos-lib`` from npm, tree-sitter tokens, winnowing), when
  ``--dolos NODE_MODULES`` points at an installation (its default k-gram and window).

Prints highest independent score, lowest copy score, margin and the time per pair.

    python benchmarks/similarity_tools.py [--dolos /path/to/node_modules]
"""
import argparse
import io
import json
import subprocess
import tempfile
import time
from pathlib import Path

from copydetect import CodeFingerprint, compare_files

from grading.paths import release_notebook
from grading.registry import ASSIGNMENTS
from grading.similarity.calibrate import copy_pairs, independent_pairs
from grading.similarity.compare import compare
from grading.similarity.extract import file_chunks
from grading.similarity.fingerprint import boilerplate_hashes, fingerprint


def _text(chunks):
    return "\n\n".join(chunk.text for chunk in chunks) + "\n"


def course_scorer(assignment):
    boilerplate = boilerplate_hashes(file_chunks(release_notebook(assignment)))
    return lambda a, b: compare(fingerprint("a", a, boilerplate),
                                fingerprint("b", b, boilerplate)).score


def copydetect_scorer(assignment):
    def score(a, b):
        first = CodeFingerprint("a.py", 25, 1, fp=io.StringIO(_text(a)))
        second = CodeFingerprint("b.py", 25, 1, fp=io.StringIO(_text(b)))
        _, (a_in_b, b_in_a), _ = compare_files(first, second)
        return max(a_in_b, b_in_a)
    return score


def pycode_similar_scorer(assignment):
    import pycode_similar

    def one_way(reference, candidate):
        result = pycode_similar.detect([reference, candidate])
        return pycode_similar.summarize(result[0][1])[0]
    return lambda a, b: max(one_way(_text(a), _text(b)), one_way(_text(b), _text(a)))


DOLOS_SCRIPT = """
const { Dolos } = require("@dodona/dolos-lib");
const pairs = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
(async () => {
  const scores = [];
  for (const [a, b] of pairs) {
    const dolos = new Dolos({ language: "python" });  // its defaults: k-grams of 23 tokens, window 17
    const fs = require("fs"); const path = require("path"); const os = require("os");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dolos-"));
    fs.writeFileSync(path.join(dir, "a.py"), a); fs.writeFileSync(path.join(dir, "b.py"), b);
    const report = await dolos.analyzePaths([path.join(dir, "a.py"), path.join(dir, "b.py")]);
    const all = report.allPairs();
    scores.push(all.length ? all[0].similarity : 0);
  }
  console.log(JSON.stringify(scores));
})();
"""


def dolos_scores(node_modules, pairs):
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "pairs.json").write_text(json.dumps(
            [[_text(a), _text(b)] for a, b in pairs]))
        (Path(folder) / "score.js").write_text(DOLOS_SCRIPT)
        done = subprocess.run(["node", str(Path(folder) / "score.js"),
                               str(Path(folder) / "pairs.json")], capture_output=True,
                              text=True, env={"NODE_PATH": str(node_modules), "PATH": "/usr/bin:/bin"})
        if done.returncode:
            raise RuntimeError(done.stderr[-2000:])
        return json.loads(done.stdout.strip().splitlines()[-1])


def evaluate(name, make_scorer=None, node_modules=None):
    independent, copies, kinds, count = [], [], [], 0
    started = time.perf_counter()
    for assignment in ASSIGNMENTS:
        ind = [(a, b) for _, _, a, b in independent_pairs(assignment)]
        cop = [(a, b) for _, _, a, b in copy_pairs(assignment)]
        kinds += [disguise for _, disguise, _, _ in copy_pairs(assignment)]
        if node_modules:
            scores = dolos_scores(node_modules, ind + cop)
            independent += scores[:len(ind)]
            copies += scores[len(ind):]
        else:
            scorer = make_scorer(assignment)
            independent += [scorer(a, b) for a, b in ind]
            copies += [scorer(a, b) for a, b in cop]
        count += len(ind) + len(cop)
    seconds = time.perf_counter() - started
    high, low = max(independent), min(copies)
    print(f"| {name} | {high:.3f} | {low:.3f} | {low - high:+.3f} | "
          f"{sum(score >= high for score in copies)} / {len(copies)} | "
          f"{1000 * seconds / count:.1f} | " + ", ".join(
              f"{kind} {min(s for s, k in zip(copies, kinds) if k == kind):.2f}"
              for kind in dict.fromkeys(kinds)) + " |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dolos", default=None, help="node_modules with @dodona/dolos-lib")
    args = parser.parse_args()
    print("| scorer | highest independent | lowest copy | margin | copies above every "
          "independent pair | ms per pair | lowest copy per disguise |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    evaluate("course (canonical tokens + copydetect)", course_scorer)
    evaluate("copydetect alone", copydetect_scorer)
    try:
        evaluate("pycode_similar", pycode_similar_scorer)
    except ImportError:
        print("| pycode_similar | not installed: pip install pycode_similar==1.4 | | | | |")
    if args.dolos:
        evaluate("Dolos", node_modules=args.dolos)


if __name__ == "__main__":
    main()
