#!/usr/bin/env python3
"""A deterministic corpus for the Spark tests and benchmark: documents made of
the seeds' paragraphs (a random subset, shuffled) and a few sentences with
varied people, places and dates, so names and entity ids differ across
documents and repeat across them.

    spark/generate_corpus.py --documents 10000 --jsonl corpus.jsonl
    spark/generate_corpus.py --documents 200 --folder corpus/   # *.txt files
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import random

TITLES = ["Prime Minister", "Foreign Minister", "Defense Minister", "Ambassador", "General", "President", "Mr.", "Ms."]
GIVEN = ["Mark", "Fumio", "Nguyen Xuan", "Ursula", "Anthony", "Maria", "Park", "Le Thi", "Joko", "Ito"]
FAMILY = ["Esper", "Kishida", "Phuc", "von der Leyen", "Blinken", "Santos", "Hak-kyu", "Hoa", "Widodo", "Naoki"]
PLACES = ["Hanoi", "Da Nang", "Tokyo", "Manila", "Jakarta", "Canberra", "Geneva", "Washington", "Seoul", "Bangkok"]
ORGS = ["ASEAN", "the United Nations", "the World Bank", "NATO", "the European Union", "Reuters"]
MONTHS = ["January", "March", "May", "July", "September", "November"]


def seed_paragraphs(folder: str) -> list[str]:
    paragraphs = []
    for path in sorted(glob.glob(os.path.join(folder, "*.txt"))):
        with open(path, encoding="utf-8", newline="") as f:
            paragraphs += [p for p in f.read().split("\n\n") if p.strip()]
    return paragraphs


def generate(count: int, seeds: str, seed: int = 1, paragraphs_per_document: tuple[int, int] = (2, 6)):
    """(id, text) pairs: `doc-000001.txt`, …"""
    pool = seed_paragraphs(seeds)
    rng = random.Random(seed)
    for i in range(count):
        person = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
        family = person.split()[-1]
        date = f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(1995, 2026)}"
        lead = (
            f"{rng.choice(TITLES)} {person} arrived in {rng.choice(PLACES)} on {date} for talks with "
            f"{rng.choice(ORGS)}. {family} said the visit would deepen ties with {rng.choice(PLACES)}."
        )
        body = rng.sample(pool, rng.randint(*paragraphs_per_document))
        yield f"doc-{i:06d}.txt", "\n\n".join([lead] + body) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, required=True)
    parser.add_argument("--seeds", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "seeds"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jsonl", help="write one {\"id\", \"text\"} line per document here")
    parser.add_argument("--folder", help="write one *.txt file per document here")
    args = parser.parse_args()
    out = open(args.jsonl, "w", encoding="utf-8") if args.jsonl else None
    if args.folder:
        os.makedirs(args.folder, exist_ok=True)
    for doc_id, text in generate(args.documents, args.seeds, args.seed):
        if out:
            out.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n")
        if args.folder:
            with open(os.path.join(args.folder, doc_id), "w", encoding="utf-8", newline="") as f:
                f.write(text)
    if out:
        out.close()


if __name__ == "__main__":
    main()
