"""`workbench graph`: an expression's computational graph run forward and backward, as a table.

    workbench graph "sigmoid(w*x + b)" --set w=2 --set x=-1 --set b=0.5
    workbench graph "(x + y) * z, x=2, y=-1, z=3"
    workbench graph apple --set tax=1.08                   # one of the book's graphs

The same model as the graph pane (`workbench.models.graph`, `workbench.models.expression`): every edge
with its value after the forward pass and its gradient after the backward pass, the node that wrote it,
each value read in several places with the sum of its branches, and the check against numerical
derivatives. A bad expression ends with one line naming the problem and its column, exit status 2;
status 1 when a gradient disagrees with its numerical derivative.
"""
from __future__ import annotations

import argparse

from workbench.i18n import t

ORDER = 45


def register(subparsers) -> None:
    parser = subparsers.add_parser("graph", help=t("graph.cli.help"), description=t("graph.cli.description"),
                                   epilog=t("graph.cli.examples"))
    parser.add_argument("expression", metavar="EXPR", help=t("graph.cli.expression"))
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", dest="values",
                        help=t("graph.cli.set"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from workbench.cli import fail, tell
    from workbench.models import expression as expr
    from workbench.models.graph import GRAPHS, GraphSettings, InputValues, compute
    from workbench.models.settings import SettingError

    if not args.expression.strip():
        return fail(t("graph.cli.empty"))
    try:
        text, inline = expr.split_values(args.expression)
        values = ", ".join(v for v in [inline, *args.values] if v.strip())
        inputs = InputValues().from_text("inputs", values) if values else ()
        if text in GRAPHS:
            settings = GraphSettings(graph=text, inputs=inputs)
        else:
            settings = GraphSettings(expression=text, inputs=inputs)
        view = compute(settings)
        view.graph.run_to(view.graph.total_steps)
    except SettingError as exc:
        return fail(str(exc))
    except ValueError as exc:        # the library refused a value
        return fail(str(exc))
    lines, agrees = report(view)
    for line in lines:
        tell(line)
    return 0 if agrees else 1


def report(view) -> tuple[list[str], bool]:
    """The table of a walked graph as lines, and whether its gradients pass the numerical check."""
    from workbench.commands._console import table_width
    from workbench.commands.shapes import table
    from workbench.models import expression as expr
    from workbench.models.graph_rules import closing_lines, edge_label, fmt, fork_lines, node_label, view_title

    graph = view.graph
    producer = {node.output: node for node in graph.nodes}
    given = ", ".join(f"{edge_label(name)} = {fmt(graph.edges[name].value)}" for name in graph.inputs)
    lines = [view_title(view) + (f"    ({given})" if given else ""), ""]
    rows = [[t("graph.cli.edge"), t("graph.cli.value"), t("graph.cli.gradient"), t("graph.cli.made_by")]]
    for name, edge in graph.edges.items():
        node = producer.get(name)
        made = t("graph.cli.input") if node is None else \
            f"{node_label(node)} {node.name} ({', '.join(edge_label(i) if isinstance(i, str) else fmt(i) for i in node.inputs)})"
        rows.append([edge_label(name), fmt(edge.value), "" if edge.grad is None else fmt(edge.grad), made])
    lines += table(rows, numeric={1, 2}, width=table_width())
    extra = fork_lines(view) + closing_lines(view)
    if extra:
        lines += [""] + extra
    agrees = True
    if view.settings.expression:
        agrees = all(check.agrees for check in expr.numerical_check(view.settings.parsed, graph))
    return lines, agrees
