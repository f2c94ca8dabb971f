"""The ``wbanalysis`` command: parses arguments and calls one library function each.

Every error a user can cause (bad ledgers, an unknown county, a year without data) is printed
in Chinese with exit status 2; a Python traceback is never shown for those.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

from . import __version__
from .errors import DataError, WbAnalysisError

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # exit 2 with a short message, as argparse does
        self.print_usage(sys.stderr)
        self.exit(2, f"wbanalysis: 参数错误：{message}\n")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="wbanalysis", description="水务局年度工作总结：由台账计算指标、生成报告。")
    p.add_argument("--version", action="version", version=f"wbanalysis {__version__}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    v = sub.add_parser("validate", help="检查台账，列出全部问题")
    v.add_argument("--data", type=Path, default=None, help="台账文件夹或工作簿（默认：示例数据）")

    t = sub.add_parser("template", help="生成空白台账 Excel 模板")
    t.add_argument("--out", type=Path, default=Path("data/templates/台账模板.xlsx"))

    i = sub.add_parser("indicators", help="计算指标")
    i.add_argument("--year", type=int, required=True)
    i.add_argument("--county", default=None, help="县区名称；缺省或“全市”为全市")
    i.add_argument("--through-month", type=int, default=None,
                   help="截止月份（默认：该年有数据的最后一个月）")
    i.add_argument("--data", type=Path, default=None)
    i.add_argument("--format", choices=("json", "table"), default="table")
    return p


def _validate(args) -> int:
    from .io import default_data_dir, validate

    data = args.data or default_data_dir()
    problems = validate(data)
    if problems:
        print(str(DataError(problems)), file=sys.stderr)
        return 2
    print(f"台账检查通过：{data}")
    return 0


def _template(args) -> int:
    from .ledger_templates import write_template

    print(f"已生成模板：{write_template(args.out)}")
    return 0


def _json_value(value):
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _indicators(args) -> int:
    from .indicators import indicator_report

    table = indicator_report(args.data, year=args.year, county=args.county,
                             through_month=args.through_month)
    if args.format == "json":
        obj = {row.key: _json_value(row.value) for row in table.itertuples()}
        print(json.dumps(obj, ensure_ascii=False, indent=1))
    else:
        width = max(len(k) for k in table["key"])
        for row in table.itertuples():
            print(f"{row.key:<{width}}  {row.name}\t{row.display}")
    return 0


_COMMANDS = {"validate": _validate, "template": _template, "indicators": _indicators}


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except WbAnalysisError as exc:
        print(f"wbanalysis: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("wbanalysis: 已中断", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
