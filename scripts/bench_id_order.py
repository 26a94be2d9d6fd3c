#!/usr/bin/env python
"""Random ids against ids led by their procuratorate-year, in indexes of many millions.

A table with the ledger's id columns (a UUID primary key, an index of (case id, seq), 300
bytes of payload) is filled by COPY in batches of 20,000 rows, each batch preceded, as in the
import, by a lookup of 20,000 new ids; once with random ids (version 4), once with ids whose
first 32 bits change every 15,000 rows (one procuratorate-year, as the simulator makes them).
Prints the rate of each 2 million rows. Needs PostgreSQL: it creates and drops the database
``bench_id_order`` on the server of DATABASE_URL (default postgres://postgres@127.0.0.1:5432/).

    .venv/bin/python scripts/bench_id_order.py --rows 12000000
"""

import argparse
import os
import random
import time
import uuid

import psycopg

BATCH = 20_000
REGION_ROWS = 15_000
EVERY = 2_000_000


def run(server: str, rows: int, kind: str) -> float:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute("DROP DATABASE IF EXISTS bench_id_order")
        admin.execute("CREATE DATABASE bench_id_order")
    rng = random.Random(1)

    def new_id(region: int) -> uuid.UUID:
        if kind == "random":
            return uuid.UUID(int=rng.getrandbits(128), version=4)
        return uuid.UUID(int=(region << 96) | rng.getrandbits(96))

    started = last = time.perf_counter()
    with psycopg.connect(f"{server}/bench_id_order") as conn:
        conn.execute(
            "CREATE TABLE ev (id uuid PRIMARY KEY, case_id uuid NOT NULL, seq bigint NOT NULL, "
            "payload text NOT NULL)"
        )
        conn.execute("CREATE INDEX ON ev (case_id, seq)")
        conn.commit()
        done, region, case = 0, 0, None
        while done < rows:
            batch = []
            for _ in range(BATCH):
                if done % REGION_ROWS == 0:
                    region += 1
                if done % 4 == 0:
                    case = new_id(region)
                batch.append((new_id(region), case, done, "x" * 300))
                done += 1
            with conn.cursor() as cur:
                cur.execute(
                    "SELECT id FROM ev WHERE id = ANY(%s)", [[new_id(region) for _ in batch]]
                )
                with cur.copy("COPY ev (id, case_id, seq, payload) FROM STDIN") as copy:
                    for row in batch:
                        copy.write_row(row)
            conn.commit()
            if done % EVERY == 0:
                now = time.perf_counter()
                print(f"{kind:>6} ids, {done:>11,} rows: the last {EVERY:,} at "
                      f"{EVERY / (now - last):,.0f} rows/s", flush=True)  # fmt: skip
                last = now
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute("DROP DATABASE bench_id_order")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=12_000_000, help="rows per run (12,000,000)")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/")
    server = url.rsplit("/", 1)[0] if url.count("/") > 2 else url.rstrip("/")
    for kind in ("random", "region"):
        seconds = run(server, args.rows, kind)
        print(f"{kind:>6} ids: {args.rows:,} rows in {seconds:.1f} s", flush=True)


if __name__ == "__main__":
    main()
