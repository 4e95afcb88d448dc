"""`workbench shapes`: the shape tracer and the im2col stages as plain tables, for the console and scripts.

    workbench shapes simple|deep [--input C,H,W] [--batch N]
    workbench shapes custom "conv 30 5, relu, pool 2, affine 10" [--input C,H,W] [--batch N]
    workbench shapes conv --input N,C,H,W --filter FN[,C],FH,FW [--stride S] [--pad P]
    workbench shapes pool --input N,C,H,W --size PH[,PW] [--stride S] [--pad P]

The same models as the panes (`workbench.models.shapes`, `workbench.models.im2col`), so the numbers
agree. Sizes that do not fit end with one line naming the option at fault, and exit status 2.
"""
from __future__ import annotations

import argparse
import re
from workbench.textout import page_columns

from workbench.i18n import t

ORDER = 46
NETWORKS = ("simple", "deep", "custom")
OPTIONS = {"input": "--input", "filter": "--filter", "pool": "--size", "stride": "--stride", "pad": "--pad",
           "batch": "--batch", "layers": "LAYERS"}
"""Setting → the option that sets it, for messages."""


def register(subparsers) -> None:
    parser = subparsers.add_parser("shapes", help=t("shapes.cli.help"), description=t("shapes.cli.description"),
                                   epilog=t("shapes.cli.examples"))
    parser.add_argument("what", choices=[*NETWORKS, "conv", "pool"], metavar="WHAT", help=t("shapes.cli.what"))
    parser.add_argument("layers", nargs="?", metavar="LAYERS", help=t("shapes.cli.layers"))
    parser.add_argument("--input", metavar="SIZES", help=t("shapes.cli.input"))
    parser.add_argument("--batch", metavar="N", help=t("shapes.cli.batch"))
    parser.add_argument("--filter", metavar="FN,C,FH,FW", help=t("shapes.cli.filter"))
    parser.add_argument("--size", metavar="PH,PW", help=t("shapes.cli.size"))
    parser.add_argument("--stride", metavar="S", help=t("shapes.cli.stride"))
    parser.add_argument("--pad", metavar="P", help=t("shapes.cli.pad"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from workbench.cli import fail, option_error
    from workbench.models.settings import SettingError

    try:
        if args.what in NETWORKS:
            return network(args)
        return window_layer(args)
    except SettingError as exc:
        where = OPTIONS.get(exc.key or "", "")
        if exc.key == "stride" and args.stride is None and args.what == "pool":
            where = "--size"            # the stride was not given: it follows the window's size
        named = exc.key if where == OPTIONS.get(exc.key or "") else None     # the option that set this setting
        return fail(option_error(where, named, str(exc)) if where else str(exc))


def table(rows: list[list[str]], numeric: set[int], width: int | None = None) -> list[str]:
    """Rows of cells (the header first) as aligned lines (numbers to the right), two spaces apart, no
    trailing space; within `width` cells when given (a terminal): one space apart, else a line per row,
    each cell named by its header (`_console.table`), where the terminal broke every row mid-array."""
    from workbench.commands._console import row_lines
    from workbench.i18n.cells import cell_len

    widths = [max(cell_len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for gap in ("  ", " "):
        lines = []
        for row in rows:
            cells = [" " * (w - cell_len(c)) + c if i in numeric else c + " " * (w - cell_len(c))
                     for i, (c, w) in enumerate(zip(row, widths))]
            lines.append(gap.join(cells).rstrip())
        if width is None or max(cell_len(line) for line in lines) <= width:
            return lines
    return [line for row in rows[1:] for line in row_lines(rows[0], row, width).splitlines()]


def network(args: argparse.Namespace) -> int:
    from workbench.cli import fail, say, tell
    from workbench.models import shapes
    from workbench.models.settings import parse_assignments

    assignments = [f"network={args.what}"]
    for key in ("input", "batch"):
        if getattr(args, key) is not None:
            assignments.append(f"{key}={getattr(args, key)}")
    if args.what == "custom":
        if not args.layers:
            return fail(t("shapes.cli.no_layers"))
        assignments.append(f"layers={args.layers}")
    elif args.layers:
        return fail(t("shapes.cli.layers_only_custom", what=args.what))
    if args.filter or args.size or args.stride or args.pad:
        return fail(t("shapes.cli.window_options", what=args.what))
    settings = parse_assignments(shapes.ShapesSettings, assignments)
    trace = shapes.compute(settings)
    say(t("shapes.cli.network_title", title=trace.title, input=", ".join(map(str, settings.input)),
          batch=trace.batch))
    for line in shapes.network_lines(trace, page_columns()):
        tell(line)
    failed = trace.failed
    if failed is not None:
        return fail(f"{failed.name} ({failed.spec.text()}): {failed.error}")
    return 0


def window_layer(args: argparse.Namespace) -> int:
    """`shapes conv` and `shapes pool`: the output-size formulas and the stages of the book's code.

    Each option is read as the im2col pane's setting of the same meaning; nothing is allocated, so
    there is no memory limit here."""
    from workbench.cli import fail, tell
    from workbench.models.im2col import Im2colSettings, check_sizes
    from workbench.models.settings import kinds

    if args.input is None:
        return fail(t("shapes.cli.need_input", what=args.what))
    if args.layers or args.batch:
        return fail(t("shapes.cli.network_options", what=args.what))
    read = kinds(Im2colSettings)
    images = read["input"].from_text("input", args.input)
    filters, pool = (1, images[1], 1, 1), (1, 1)
    if args.what == "conv":
        if args.size is not None:
            return fail(t("shapes.cli.size_for_pool"))
        if args.filter is None:
            return fail(t("shapes.cli.need_filter"))
        filters = read["filter"].from_text("filter", filter_text(args.filter, images[1]))
    else:
        if args.filter is not None:
            return fail(t("shapes.cli.filter_for_conv"))
        if args.size is None:
            return fail(t("shapes.cli.need_size"))
        pool = read["pool"].from_text("pool", square_text(args.size))
    stride = read["stride"].from_text("stride", args.stride) if args.stride is not None else \
        (1 if args.what == "conv" else pool[0])
    pad = read["pad"].from_text("pad", args.pad) if args.pad is not None else 0
    sizes = check_sizes(args.what, images, filters, pool, stride, pad, limit=None)
    for line in window_lines(sizes, images, filters, pool):
        tell(line)
    return 0


def square_text(text: str) -> str:
    """--size as the pool setting reads it: one whole number is a square window (2 → 2,2); any other
    text as typed, so that a message about it quotes what was typed ('--size x' was quoted "x,x")."""
    items = [item for item in text.replace(" ", "").split(",") if item]
    return f"{items[0]},{items[0]}" if len(items) == 1 and re.fullmatch(r"[+-]?\d+", items[0]) else text


def filter_text(text: str, channels: int) -> str:
    """FN,FH,FW (channels from the input) or FN,C,FH,FW, as the filter setting reads it; any other text
    as typed, so that a message about it quotes what was typed."""
    items = [item for item in text.replace(" ", "").replace("x", ",").split(",") if item]
    if len(items) != 3:
        return text
    items.insert(1, str(channels))
    return ",".join(items)


def window_lines(z, images, filters, pool) -> list[str]:
    """The title, OH and OW with the numbers filled in, the stages' table and how much larger col is."""
    from workbench.commands._console import table_width
    from workbench.models.im2col import growth_text, human_bytes, shape_text, size_formulas, stages

    what = t("shapes.cli.conv_title" if z.layer == "conv" else "shapes.cli.pool_title",
             input=shape_text(images), filter=shape_text(filters), pool=shape_text(pool), stride=z.S, pad=z.P)
    lines = [what]
    lines += size_formulas(z)
    lines.append("")
    found = stages(z)
    rows = [[t("im2col.column.stage"), t("im2col.column.shape"), t("im2col.column.elements"),
             t("im2col.column.bytes")]]
    rows += [[stage.code, shape_text(stage.shape), f"{stage.elements:,}", human_bytes(stage.bytes)] for stage in found]
    lines += table(rows, numeric={2, 3}, width=table_width())
    lines.append(growth_text(found, z))
    return lines
