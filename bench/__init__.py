"""The benchmark behind `make bench`: not part of the product, installed as a Django app only with KLASTER_BENCH=1.

`python -m bench` (bench/run.py) runs it; its management commands (bench_data, bench_queries, bench_pdf,
bench_import) are what the runner asks the portal to do under the production settings.
"""
