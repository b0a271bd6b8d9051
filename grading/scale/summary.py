"""The end-of-run summary of ``ddasp autograde``: counts, failures with reasons, flags."""
import os


def _relative(path):
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return path
    return path if relative.startswith("..") else relative


def format_summary(result):
    """Plain-text summary of a `RunResult`."""
    graded, failed, skipped, flagged = result.graded, result.failed, result.skipped, \
        result.flagged
    lines = [f"autograde {result.assignment}: {len(result.outcomes)} students in "
             f"{result.seconds:.1f} s with {result.workers} worker"
             f"{'s' if result.workers != 1 else ''}"]
    scores = [outcome.score for outcome in graded if outcome.score is not None]
    tops = [outcome.max_score for outcome in graded if outcome.max_score]
    mean = (f" (mean score {sum(scores) / len(scores):.1f} of {max(tops):g})"
            if scores and tops else "")
    lines.append(f"  graded  {len(graded):4d}{mean}")
    lines.append(f"  skipped {len(skipped):4d}"
                 + ("  already graded; --force grades them again" if skipped else ""))
    lines.append(f"  failed  {len(failed):4d}")
    lines.append(f"  flagged {len(flagged):4d}")
    width = max([len(outcome.student) for outcome in failed + flagged] + [8])
    if failed:
        lines.append("failed (not graded; nothing else was stopped):")
        for outcome in failed:
            log = os.path.join(result.log_dir, f"{outcome.student}.log") if result.log_dir \
                else None
            where = f"  [log: {_relative(log)}]" if log and os.path.exists(log) else ""
            lines.append(f"  {outcome.student:<{width}}  {outcome.reason}{where}")
    if flagged:
        lines.append("flagged (graded; look at these):")
        for outcome in flagged:
            lines.append(f"  {outcome.student:<{width}}  {', '.join(outcome.flags)}")
            for problem in outcome.problems:
                lines.append(f"  {'':<{width}}  - {problem}")
    if result.unknown:
        lines.append("no submission in submitted/ for: " + ", ".join(result.unknown))
    return "\n".join(lines)
