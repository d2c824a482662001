"""``ccuskg serve`` (a read-only SPARQL endpoint over the store) and ``ccuskg push`` (to a remote store)."""

from __future__ import annotations

import signal
import sys

import click

from ccuskg.cli.support import settings, store_option


def _mebibytes(ctx, param, value):
    """--worker-memory: 0 (no limit) or at least 16 MiB (a worker needs that much just to answer)."""
    if value is not None and 0 < value < 16:
        raise click.BadParameter("give 0 (no limit) or at least 16 MiB")
    return value


@click.command()
@click.option("--host", default=None,
              help="Address to listen on (default: serve_host in ccuskg.toml, else 127.0.0.1; "
                   "anything but loopback exposes the endpoint).")
@click.option("--port", default=None, type=click.IntRange(0, 65535),
              help="Port to listen on (0 picks a free one; default: serve_port in ccuskg.toml, else 7878).")
@click.option("--timeout", default=None, type=click.FloatRange(min=0.1),
              help="Seconds a query may run; longer ones are stopped with HTTP 503 "
                   "(default: serve_timeout in ccuskg.toml, else 10).")
@click.option("--workers", default=None, type=click.IntRange(1, 64),
              help="Query worker processes (default: two per core, from 2 to 8).")
@click.option("--max-results", default=100_000, show_default=True, type=click.IntRange(min=0),
              help="Rows (or triples) a query may return; the rest are cut and the answer says so. 0: no limit.")
@click.option("--worker-memory", default=None, type=click.IntRange(min=0), metavar="MIB", callback=_mebibytes,
              help="MiB of memory one query may use; a query needing more is stopped with HTTP 503 "
                   "(default: serve_worker_memory in ccuskg.toml, else half the memory shared by "
                   "every worker that can run at once, at least 256; 0: no limit).")
@click.option("--log", is_flag=True,
              help="Log each request to standard error: method, path, status, milliseconds, query hash.")
@store_option
def serve(host, port, timeout, workers, max_results, worker_memory, log, store):
    """Serve the store as a read-only SPARQL 1.1 endpoint, with a query page at /.

    Results negotiate JSON, XML, CSV and TSV; CONSTRUCT and DESCRIBE give Turtle, N-Triples or
    JSON-LD. Updates, SERVICE and queries running past --timeout are refused; queries run in
    worker processes without network access. A rebuilt store is served without a restart.
    GET /health describes the store. CORS is on. Stop it with Ctrl-C.
    """
    from ccuskg.access.endpoint import Endpoint, is_loopback

    config = settings()
    host = config.serve_host if host is None else host
    port = config.serve_port if port is None else port
    timeout = config.serve_timeout if timeout is None else timeout
    worker_memory = config.serve_worker_memory if worker_memory is None else worker_memory
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    endpoint = Endpoint(store or config.store, host=host, port=port, timeout=timeout, log=log, workers=workers,
                        max_results=max_results, worker_memory=worker_memory)
    try:  # from here on, Ctrl-C at any moment still stops the worker
        endpoint.start()
        if not is_loopback(host):
            click.echo(f"warning: listening on {host}, not loopback: others on the network can query it", err=True)
        click.echo(f"SPARQL endpoint: {endpoint.url}")
        click.echo(f"Query page:      {endpoint.url[: -len('query')]}  (Ctrl-C stops)")
        if endpoint.pool.isolation == "none":
            click.echo("warning: query workers could not be cut off from the network here; "
                       "SERVICE is refused by the proxy's check alone", err=True)
        sys.stdout.flush()
        endpoint.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        endpoint.stop()
    click.echo("Stopped.", err=True)


def _stop_on_sigterm(signum, frame):
    raise KeyboardInterrupt  # the same clean stop as Ctrl-C


@click.command()
@click.option("--endpoint", required=True, metavar="URL",
              help="Graph Store Protocol URL, e.g. http://localhost:7878/store (Oxigraph), "
                   "http://localhost:8890/sparql-graph-crud-auth (Virtuoso), "
                   "http://localhost:3030/DATASET/data (Fuseki).")
@click.option("--force", is_flag=True, help="Send every graph, even those the remote already has.")
@click.option("--batch", default=0, type=click.IntRange(min=0), metavar="N",
              help="Send up to N graphs per SPARQL Update request instead of one PUT per graph "
                   "(default 0: one PUT per graph; on Virtuoso at most 500 triples a request).")
@click.option("--update-endpoint", default=None, metavar="URL",
              help="SPARQL Update URL for --batch (default: the one beside --endpoint, e.g. .../update, "
                   "Virtuoso's /sparql-auth).")
@click.option("--timeout", default=60.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds to wait for each HTTP request.")
@store_option
def push(endpoint, force, batch, update_endpoint, timeout, store):
    """Send the built graph to a triple store, one named graph per record (HTTP PUT each, or --batch).

    Unchanged graphs are skipped (their hashes are kept in a manifest graph on the remote), graphs of
    removed records are deleted; an interrupted push is completed by the next one. Credentials:
    $CCUSKG_ENDPOINT_TOKEN (bearer) or $CCUSKG_ENDPOINT_USER and $CCUSKG_ENDPOINT_PASSWORD (basic, or
    digest when the server asks, as Virtuoso does); they are never printed.
    """
    from ccuskg.access.push import push as run_push
    from ccuskg.access.remote import redact

    report = run_push(store or settings().store, endpoint, force=force, timeout=timeout, batch=batch,
                      update_endpoint=update_endpoint)
    click.echo(f"Pushed to {redact(endpoint)}: {report.summary()}.")


__all__ = ["serve", "push"]
