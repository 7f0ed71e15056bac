"""Measure how well unanswered questions are grouped against a labelled set.

    python -m bot.store.grouping_eval            # the three shipped sets
    python -m bot.store.grouping_eval eval/unanswered-groups.yaml ...

With no files it measures the tuning set, the first hold-out (now a development set) and the
second, honest hold-out, which is never tuned on. Prints pairwise precision and recall per
file: in file order and averaged over shuffled orders (the store groups questions in arrival
order, which varies); the tests assert both for the tuning and development sets only.
`--kb knowledge` measures with the matcher's analyser built from that knowledge folder (what
bot/app.py passes to the store) instead of the default one; `--threshold` tries another one.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Sequence
from pathlib import Path

import yaml

from bot.store.grouping import (
    DEFAULT_GROUPING_THRESHOLD,
    Analyzer,
    cluster,
    default_analyzer,
    grouping_quality,
    pairwise_precision_recall,
)

SHUFFLES = 20
EVAL_DIR = Path(__file__).resolve().parents[2] / "eval"
# What each shipped set is for, printed with its figures so nobody mistakes a tuned-on score
# for a measure of how grouping generalises.
ROLES = {
    "unanswered-groups.yaml": "tuning set",
    "unanswered-groups-holdout.yaml": "development set (first hold-out, tuned on since)",
    "unanswered-groups-holdout2.yaml": "honest hold-out, never tuned on",
}
DEFAULT_SETS = tuple(EVAL_DIR / name for name in ROLES)


class LabelledSetError(ValueError):
    """A labelled file is not a list of {q, group} items."""


def load_labelled(path: Path) -> list[tuple[str, str]]:
    """Read `- {q: "...", group: name}` items; raises LabelledSetError naming file and item."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise LabelledSetError(f"{path}: expected a list of {{q, group}} items")
    pairs: list[tuple[str, str]] = []
    for number, item in enumerate(data, start=1):
        if not (isinstance(item, dict) and isinstance(item.get("q"), str)
                and isinstance(item.get("group"), str)):
            raise LabelledSetError(f"{path}: item {number} needs string 'q' and 'group'")
        pairs.append((item["q"], item["group"]))
    return pairs


def shuffled_quality(
    pairs: Sequence[tuple[str, str]], analyzer: Analyzer, threshold: float,
    shuffles: int = SHUFFLES,
) -> tuple[float, float, float, float]:
    """Mean and minimum (precision, recall) over seeded random arrival orders."""
    precisions: list[float] = []
    recalls: list[float] = []
    for seed in range(shuffles):
        order = list(pairs)
        random.Random(seed).shuffle(order)
        predicted = cluster((q for q, _ in order), analyzer=analyzer, threshold=threshold)
        p, r = pairwise_precision_recall([g for _, g in order], predicted)
        precisions.append(p)
        recalls.append(r)
    return (sum(precisions) / shuffles, sum(recalls) / shuffles, min(precisions), min(recalls))


def _matcher_analyzer(kb_path: Path) -> Analyzer:
    """The analyser bot/app.py passes to the store: the matcher's, for that knowledge folder."""
    from bot.engine import build_matcher  # optional and heavy: only for --kb

    return build_matcher(kb_path).analyzer.terms


def main(argv: Sequence[str] | None = None) -> int:
    """Print grouping quality for each labelled file given."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path,
                        help="labelled sets (default: tuning, development and honest hold-out)")
    parser.add_argument("--threshold", type=float, default=DEFAULT_GROUPING_THRESHOLD)
    parser.add_argument("--kb", type=Path, help="use the matcher's analyser for this KB folder")
    parser.add_argument("--show", action="store_true", help="print the groups found")
    args = parser.parse_args(argv)
    analyzer = _matcher_analyzer(args.kb) if args.kb else default_analyzer
    label = f"matcher analyser ({args.kb})" if args.kb else "default analyser"
    print(f"{label}, threshold {args.threshold:g}")
    for path in args.files or DEFAULT_SETS:
        pairs = load_labelled(path)
        precision, recall = grouping_quality(pairs, analyzer=analyzer, threshold=args.threshold)
        mean_p, mean_r, min_p, min_r = shuffled_quality(pairs, analyzer, args.threshold)
        groups = len({g for _, g in pairs})
        role = ROLES.get(path.name)
        print(f"{path}: {len(pairs)} questions, {groups} true groups"
              + (f" [{role}]" if role else ""))
        print(f"  file order:           precision {precision:.3f}  recall {recall:.3f}")
        print(f"  {SHUFFLES} shuffled orders: precision {mean_p:.3f}  recall {mean_r:.3f} "
              f"(mean); {min_p:.3f} / {min_r:.3f} (worst)")
        if args.show:
            predicted = cluster((q for q, _ in pairs), analyzer=analyzer,
                                threshold=args.threshold)
            by_group: dict[int, list[str]] = {}
            for (q, g), p in zip(pairs, predicted, strict=True):
                by_group.setdefault(p, []).append(f"{g}: {q}  {sorted(analyzer(q))}")
            for members in by_group.values():
                print("  --")
                for m in members:
                    print(f"    {m}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
