#!/usr/bin/env python3
"""Retrieval metrics of a tiny labelled set, for `RetrievalEvaluation` and `framefinder eval`.

Writes `Tests/FrameFinderModelTests/Fixtures/metrics.json`:
- `frames`: gallery files with a label (one frame has none: it must be left out of rankings);
- `queries`: clips with a label and a ranking of the frames, best first, and `scored`, the
  number of frames scored. Two rankings are cut short, as `--top` does: one still holds
  relevant frames, one holds none (it counts AP 0, R@K 0, RR 0, never skipped). One clip has
  no label and one has a label no frame of the gallery shares (both skipped and counted);
  one clip appears twice (the second line is skipped and counted as a duplicate);
- `error_queries`: clips that failed in the batch (error lines, skipped and counted);
- `expected`: per-query R@1/R@5/R@10, AP and reciprocal rank of the evaluated clips, their
  means overall and per label, and the skipped counts.

R, a query's number of relevant frames, comes from the labels: the labelled frames of the
gallery that share its label, whatever the ranking holds. For a full ranking AP is
`sklearn.metrics.average_precision_score` with strictly decreasing scores; for a cut ranking
it is trec_eval's `map` definition, `AP = (1/R) · Σ_{k ≤ K, rel_k} precision@k`, relevant
frames left out of the ranking counting precision 0 (the two definitions are checked equal on
every full ranking). R@K, as trec_eval's `success_K`, is 1 when a relevant frame is among the
first K; the reciprocal rank is 1/rank of the first relevant frame, 0 when none is ranked.

Pinned versions: tools/requirements.txt (numpy 2.4.6, scikit-learn 1.9.1).
Run from the package root: python3 tools/gen_metrics_fixtures.py
"""
import json
from pathlib import Path

import numpy as np
import sklearn
from sklearn.metrics import average_precision_score

OUT = Path(__file__).resolve().parent.parent / "Tests/FrameFinderModelTests/Fixtures"


def trec_average_precision(relevance, total):
    """trec_eval's AP: the mean over the `total` relevant frames of precision at each one's rank."""
    relevance = np.asarray(relevance, dtype=bool)
    hits = np.cumsum(relevance)
    ranks = np.arange(1, len(relevance) + 1)
    return float(np.sum((hits / ranks)[relevance]) / total)


def query_metrics(relevance, total):
    """R@1, R@5, R@10, AP, RR of one ranking given its relevance flags, best first, and R."""
    relevance = np.asarray(relevance, dtype=bool)
    trec = trec_average_precision(relevance, total)
    if relevance.sum() == total:
        scores = np.arange(len(relevance), 0, -1, dtype=np.float64)
        ap = float(average_precision_score(relevance, scores))
        assert abs(ap - trec) < 1e-12, (ap, trec)
    else:
        ap = trec
    first = int(np.argmax(relevance)) + 1 if relevance.any() else None
    return {
        "R@1": float(relevance[:1].any()),
        "R@5": float(relevance[:5].any()),
        "R@10": float(relevance[:10].any()),
        "AP": ap,
        "RR": 1.0 / first if first else 0.0,
    }


def mean(rows):
    names = ["R@1", "R@5", "R@10", "AP", "RR"]
    means = {n: float(np.mean([r[n] for r in rows])) for n in names}
    return {"queries": len(rows), "R@1": means["R@1"], "R@5": means["R@5"], "R@10": means["R@10"],
            "mAP": means["AP"], "MRR": means["RR"]}


def main():
    rng = np.random.default_rng(5)
    labels = ["cat", "dog", "owl"]
    frames = [{"file": f"frames/f{i:02d}.png", "label": labels[i % 3]} for i in range(14)]
    frames.append({"file": "frames/unlabelled.png", "label": None})
    queries = []
    for i in range(9):
        queries.append({"file": f"clips/q{i}.wav", "label": labels[rng.integers(3)]})
    queries.append({"file": "clips/no_label.wav", "label": None})
    queries.append({"file": "clips/no_match.wav", "label": "eel"})
    names = [f["file"] for f in frames]
    for q in queries:
        q["ranking"] = [names[j] for j in rng.permutation(len(names))]
        q["scored"] = len(names)
    label_of = {f["file"]: f["label"] for f in frames if f["label"] is not None}
    # One ranking cut to its first 8 frames, as `--top 8` leaves it.
    queries[3]["ranking"] = queries[3]["ranking"][:8]
    # One cut to its first 3 frames, none of them relevant: AP 0, not skipped.
    q = queries[5]
    others = [f for f in q["ranking"] if label_of.get(f) not in (None, q["label"])]
    q["ranking"] = others[:3]
    # The same clip answered twice (two runs on one output): the second line is a duplicate.
    queries.append({**queries[0], "ranking": list(reversed(queries[0]["ranking"]))})
    gallery_count = {label: sum(1 for f in frames if f["label"] == label) for label in labels}

    per_query, unlabelled_frames, skipped_no_label, skipped_no_match, truncated = [], set(), 0, 0, 0
    seen, duplicates = set(), 0
    for q in queries:
        if q["file"] in seen:
            duplicates += 1
            continue
        seen.add(q["file"])
        if q["label"] is None:
            skipped_no_label += 1
            continue
        kept = [f for f in q["ranking"] if f in label_of]
        unlabelled_frames.update(f for f in q["ranking"] if f not in label_of)
        relevance = [label_of[f] == q["label"] for f in kept]
        total = gallery_count.get(q["label"], 0)
        if total == 0:
            skipped_no_match += 1
            continue
        truncated += len(q["ranking"]) < q["scored"]
        per_query.append({"query": q["file"], "label": q["label"], **query_metrics(relevance, total)})

    by_label = {}
    for row in per_query:
        by_label.setdefault(row["label"], []).append(row)
    expected = {
        "overall": mean(per_query),
        "labels": [{"label": label, **mean(rows)} for label, rows in sorted(by_label.items())],
        "per_query": per_query,
        "skipped": {"unlabelled_queries": skipped_no_label, "queries_without_relevant_frame": skipped_no_match,
                    "unlabelled_frames": len(unlabelled_frames), "error_lines": 1,
                    "duplicate_queries": duplicates},
        "truncated_rankings": int(truncated),
    }
    fixture = {
        "generator": "tools/gen_metrics_fixtures.py",
        "versions": {"numpy": np.__version__, "scikit-learn": sklearn.__version__},
        "frames": frames,
        "queries": queries,
        "error_queries": ["clips/broken.wav"],
        "expected": expected,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "metrics.json").write_text(json.dumps(fixture, indent=1) + "\n")


if __name__ == "__main__":
    main()
