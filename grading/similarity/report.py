"""Writing a `SimilarityResult`: tables, side-by-side HTML, histogram, flags.

Files in the output folder (default ``<course>/similarity/<assignment>/``):

- ``pairs.csv``: every pair, ranked: a, b, a_in_b, b_in_a, score, matched tokens, flagged;
- ``students.csv``: per student the highest score and with whom;
- ``table.md``: the top of the ranked table and the per-student maxima (also printed);
- ``report.html``: the tables and, for the flagged pairs and the next highest ones, both
  students' code side by side (canonical form: comments and docstrings gone, lines in
  canonical order, the students' own names kept) with the matching regions marked;
- ``histogram.png``: all pairwise scores (flagged ones in red) with the threshold,
  log-scaled counts;
- ``flags.json``: {student: ["similar-to:<other>"]}, read by the grade report.

Every student-supplied text (names, labels, code) is HTML-escaped.
"""
import csv
import html
import json
from pathlib import Path

from .compare import matching_slices

STYLE = """body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}td.n{text-align:right}
.flag{background:#fdd}.pair{display:flex;gap:1em}.side{flex:1;min-width:0}
pre{background:#f7f7f7;padding:6px;overflow-x:auto;font-size:12px}
mark{background:#ffd27f}h3{margin-top:2em}"""


def ranked_rows(result, top=None):
    """[(rank, a, b, a_in_b, b_in_a, tokens, flagged)] of the ranked pairs."""
    rows = []
    for rank, pair in enumerate(result.pairs[:top] if top else result.pairs, 1):
        rows.append((rank, pair.a, pair.b, pair.a_in_b, pair.b_in_a, pair.tokens,
                     result.is_flagged(pair)))
    return rows


def markdown_table(result, top=10):
    """Markdown: the ``top`` pairs, then each student's highest score."""
    lines = [f"Similarity of {result.assignment}: {len(result.fingerprints)} students, "
             f"{len(result.pairs)} pairs, threshold {result.threshold:.2f} "
             f"(and >= {result.min_tokens} matching tokens), {len(result.flagged)} flagged.", "",
             "| rank | student a | student b | a in b | b in a | matched tokens | flag |",
             "| ---: | --- | --- | ---: | ---: | ---: | --- |"]
    for rank, a, b, a_in_b, b_in_a, tokens, flagged in ranked_rows(result, top):
        lines.append(f"| {rank} | {a} | {b} | {a_in_b:.2f} | {b_in_a:.2f} | {tokens} | "
                     f"{'similar' if flagged else ''} |")
    lines += ["", "| student | highest score | with |", "| --- | ---: | --- |"]
    for student, pair in sorted(result.highest().items(),
                                key=lambda item: (-(item[1].score if item[1] else 0), item[0])):
        if pair is None:
            lines.append(f"| {student} | 0.00 | |")
            continue
        other = pair.b if pair.a == student else pair.a
        lines.append(f"| {student} | {pair.score:.2f} | {other} |")
    return "\n".join(lines)


def _write_csv(path, header, rows):
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def histogram(result, path):
    """PNG histogram of every pairwise score, with the threshold as a line."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    scores = [pair.score for pair in result.pairs]
    flagged = [result.is_flagged(pair) for pair in result.pairs]
    figure, axes = plt.subplots(figsize=(6, 3.5))
    axes.hist([[score for score, flag in zip(scores, flagged) if not flag],
               [score for score, flag in zip(scores, flagged) if flag]],
              bins=50, range=(0, 1), stacked=True, color=["#3572a5", "#c0392b"],
              edgecolor="white", label=["pairs", "flagged pairs"])
    if scores:
        axes.set_yscale("log")
    axes.axvline(result.threshold, color="#c0392b", linestyle="--",
                 label=f"threshold {result.threshold:.2f}")
    axes.set_xlabel("pair score (larger overlap of the two directions)")
    axes.set_ylabel("pairs")
    axes.set_title(f"{result.assignment}: {len(scores)} pairs, {len(result.flagged)} flagged")
    axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


def _marked(fingerprint, slices):
    """HTML of the student's canonical code per chunk, token ``slices`` marked."""
    regions = {}
    for start, end in zip(*slices) if len(slices) and len(slices[0]) else ():
        for position in range(int(start), min(int(end), len(fingerprint.spans))):
            chunk, first, last = fingerprint.spans[position]
            regions.setdefault(chunk, []).append((first, last))
    parts = []
    for index, (label, display) in enumerate(fingerprint.displays):
        spans = sorted(regions.get(index, []))
        merged = []
        for first, last in spans:
            if merged and first <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], last)
            else:
                merged.append([first, last])
        text, at = [], 0
        for first, last in merged:
            text.append(html.escape(display[at:first]))
            text.append(f"<mark>{html.escape(display[first:last])}</mark>")
            at = last
        text.append(html.escape(display[at:]))
        parts.append(f"<div><b>{html.escape(label)}</b><pre>{''.join(text)}</pre></div>")
    return "".join(parts)


def side_by_side(result, pair):
    """HTML section: both students' code, the matching regions marked."""
    first, second = result.fingerprints[pair.a], result.fingerprints[pair.b]
    slices_a, slices_b = matching_slices(first, second) if pair.tokens else ((), ())
    name_a, name_b = html.escape(pair.a), html.escape(pair.b)
    return (f'<h3 id="{name_a}--{name_b}">{name_a} / {name_b}: {pair.a_in_b:.0%} of '
            f"{name_a} matches {name_b}, {pair.b_in_a:.0%} of {name_b} matches {name_a}</h3>"
            f'<div class="pair"><div class="side"><h4>{name_a}</h4>{_marked(first, slices_a)}'
            f'</div><div class="side"><h4>{name_b}</h4>{_marked(second, slices_b)}</div></div>')


MAX_SIDE_BY_SIDE = 100   # pairs shown side by side at most (the rest: pairs.csv)


def html_report(result, top=20):
    """The whole HTML page: ranked pairs (top ``top``), per-student maxima, side by side
    for the flagged pairs and up to ``top`` pairs in all (at most MAX_SIDE_BY_SIDE)."""
    escape = html.escape
    rows = "".join(
        f'<tr class="{"flag" if flagged else ""}"><td class="n">{rank}</td>'
        f'<td><a href="#{escape(a)}--{escape(b)}">{escape(a)}</a></td><td>{escape(b)}</td>'
        f'<td class="n">{a_in_b:.2f}</td><td class="n">{b_in_a:.2f}</td>'
        f'<td class="n">{tokens}</td><td>{"similar" if flagged else ""}</td></tr>'
        for rank, a, b, a_in_b, b_in_a, tokens, flagged in ranked_rows(result, top))
    maxima = "".join(
        f"<tr><td>{escape(student)}</td><td class='n'>{pair.score if pair else 0:.2f}</td>"
        f"<td>{escape((pair.b if pair.a == student else pair.a) if pair else '')}</td></tr>"
        for student, pair in sorted(result.highest().items()))
    shown = [pair for rank, pair in enumerate(result.pairs)      # the top ones and every flagged
             if pair.tokens and (rank < top or result.is_flagged(pair))]
    sections = "".join(side_by_side(result, pair) for pair in shown[:MAX_SIDE_BY_SIDE])
    if len(shown) > MAX_SIDE_BY_SIDE:
        sections += (f"<p>{len(shown) - MAX_SIDE_BY_SIDE} more pairs are not shown here: "
                     f"see pairs.csv.</p>")
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>Similarity "
            f"{escape(result.assignment)}</title><style>{STYLE}</style></head><body>"
            f"<h1>Similarity of {escape(result.assignment)}</h1>"
            f"<p>{len(result.fingerprints)} students, {len(result.pairs)} pairs, threshold "
            f"{result.threshold:.2f} (and at least {result.min_tokens} matching tokens), "
            f"{len(result.flagged)} flagged. Score of a pair: the "
            f"larger of the two overlaps. Code shown in canonical form.</p>"
            f"<img src='histogram.png' alt='histogram of pair scores'>"
            f"<h2>Ranked pairs</h2><table><tr><th>rank</th><th>a</th><th>b</th><th>a in b</th>"
            f"<th>b in a</th><th>matched tokens</th><th>flag</th></tr>{rows}</table>"
            f"<h2>Highest score per student</h2><table><tr><th>student</th><th>highest</th>"
            f"<th>with</th></tr>{maxima}</table><h2>Side by side</h2>{sections}</body></html>")


def write(result, out_dir, top=20):
    """Write every file of the module docstring into ``out_dir``; returns table.md text."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    _write_csv(out_dir / "pairs.csv",
               ["rank", "a", "b", "a_in_b", "b_in_a", "matched_tokens", "flagged"],
               [(rank, a, b, f"{a_in_b:.4f}", f"{b_in_a:.4f}", tokens, int(flagged))
                for rank, a, b, a_in_b, b_in_a, tokens, flagged in ranked_rows(result)])
    highest = result.highest()
    _write_csv(out_dir / "students.csv", ["student", "highest_score", "with"],
               [(student, f"{pair.score:.4f}" if pair else "0.0000",
                 (pair.b if pair.a == student else pair.a) if pair else "")
                for student, pair in sorted(highest.items())])
    table = markdown_table(result, top=min(top, 10))
    (out_dir / "table.md").write_text(table + "\n")
    histogram(result, out_dir / "histogram.png")
    (out_dir / "report.html").write_text(html_report(result, top))
    (out_dir / "flags.json").write_text(json.dumps(result.flags(), indent=1))
    return table
