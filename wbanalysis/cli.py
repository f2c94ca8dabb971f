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

    b = sub.add_parser("build", help="执行笔记本，生成离线 HTML 报告站点")
    b.add_argument("--data", type=Path, default=None, help="台账文件夹或工作簿（默认：示例数据）")
    b.add_argument("--out", type=Path, default=Path("reports/site"), help="站点文件夹")
    b.add_argument("--years", type=int, nargs="+", default=None)
    b.add_argument("--counties", nargs="+", default=None, help="县区名称；“全市”为全市")
    b.add_argument("--notebooks", nargs="+", default=None, help="笔记本名称或路径")
    b.add_argument("--through-month", type=int, default=None)
    b.add_argument("--jobs", type=_positive, default=None, help="同时执行的报告数（默认：CPU 数）")
    b.add_argument("--timeout", type=_positive, default=900, help="单份报告的超时秒数")
    b.add_argument("--scheduler", default=None, help="Dask distributed 调度器地址")
    b.add_argument("--force", action="store_true", help="全部重建")
    b.add_argument("--dry-run", action="store_true", help="只列出计划生成的报告")
    return p


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"须为正整数，收到 {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"须为正整数，收到 {text!r}")
    return value


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
        from .indicators import CATALOGUE

        obj = {row.key: _json_value(int(row.value) if CATALOGUE[row.key].kind == "count"
                                    and not math.isnan(row.value) else row.value)
               for row in table.itertuples()}
        print(json.dumps(obj, ensure_ascii=False, indent=1))
    else:
        width = max(len(k) for k in table["key"])
        for row in table.itertuples():
            print(f"{row.key:<{width}}  {row.name}\t{row.display}")
    return 0


def _build(args) -> int:
    from .build.site import build_site

    result = build_site(data_dir=args.data, out_dir=args.out, years=args.years,
                        counties=args.counties, notebooks=args.notebooks,
                        through_month=args.through_month, jobs=args.jobs, force=args.force,
                        dry_run=args.dry_run, timeout=args.timeout, scheduler=args.scheduler)
    if not args.dry_run:
        print(result.summary(), file=sys.stderr)
        for key, error in result.failed.items():
            print(f"  失败：{key}：{error}", file=sys.stderr)
        print(f"站点：{result.out_dir / 'index.html'}", file=sys.stderr)
    return result.exit_code


_COMMANDS = {"validate": _validate, "template": _template, "indicators": _indicators,
             "build": _build}


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
    except BrokenPipeError:  # e.g. `wbanalysis build --dry-run | head`
        sys.stderr.close()
        return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
