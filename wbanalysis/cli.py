"""The ``wbanalysis`` command: parses arguments (in Chinese) and calls one library function each.

Every error a user can cause (bad ledgers, an unknown county, a year without data, a bad
argument) is printed in Chinese, on one line where it can be, with exit status 2; a Python
traceback is never shown for those.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import re
import sys
from pathlib import Path

from . import __version__
from .errors import DataError, WbAnalysisError
from .scope import CITY

__all__ = ["main"]

# argparse's own words, in Chinese (argparse looks its messages up through gettext at call
# time; they are swapped in only while this command builds and parses its arguments).
_ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的取值 %(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的值 %(value)r",
    "expected one argument": "需要一个值",
    "expected at least one argument": "至少需要一个值",
    "expected at most one argument": "最多一个值",
    "ignored explicit argument %r": "多余的值 %r",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "须给出参数 %s 之一",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是 %(matches)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：参数错误：%(message)s\n",
    "unexpected option string: %s": "意外的选项：%s",
}


def _zh(message: str) -> str:
    return _ARGPARSE_ZH.get(message, message)


def _zh_plural(singular: str, plural: str, n: int) -> str:
    if singular == "expected %s argument":
        return "需要 %s 个值"
    return _zh(singular if n == 1 else plural)


@contextlib.contextmanager
def _chinese_argparse():
    saved = argparse._, getattr(argparse, "ngettext", None)
    argparse._ = _zh
    argparse.ngettext = _zh_plural
    try:
        yield
    finally:
        argparse._ = saved[0]
        if saved[1] is not None:
            argparse.ngettext = saved[1]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        """One line on stderr, exit 2 (argparse prints the usage too; we point to -h)."""
        self.exit(2, f"{self.prog}：参数错误：{message}（查看帮助：{self.prog} -h）\n")


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=6, width=100)  # help below each option:
        # argparse aligns by characters, and Chinese characters are two columns wide


def _whole(text: str) -> int:
    """A whole number as a user types it (full-width digits too); ``int`` would also take
    ``1_2`` for 12."""
    text = str(text).strip()
    if "_" in text:
        raise ValueError(text)
    return int(text)


def _integer(low: int, high: int, what: str):
    def parse(text: str) -> int:
        try:
            value = _whole(text)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            allowed = (
                "须为正整数" if low == 1 and what == "数目" else f"{what}须为 {low}～{high} 的整数"
            )
            raise argparse.ArgumentTypeError(f"{allowed}，收到 {text!r}")
        return value

    parse.__name__ = what
    return parse


_year = _integer(1900, 2100, "年度")
_month = _integer(1, 12, "截止月份")
_positive = _integer(1, 10**6, "数目")

_DATA_HELP = (
    "台账文件夹或 Excel 工作簿（默认：随包提供的示例台账）；检查结果按文件缓存在用户缓存文件夹，"
    "只重新读取改动过的文件（环境变量 WBANALYSIS_CACHE 可指定文件夹，设为 off 则不缓存）"
)
_SCHEDULER = re.compile(r"^(?:(?:tcp|tls|ucx|ws|wss)://)?[A-Za-z0-9_.\-\[\]:]+:\d{1,5}$")
_MAX_MESSAGE = 300


def _scheduler(text: str) -> str:
    """A Dask scheduler address: ``tcp://host:port`` (or ``host:port``)."""
    value = str(text).strip()
    if not _SCHEDULER.match(value) or not 0 < int(value.rsplit(":", 1)[1]) < 65536:
        raise argparse.ArgumentTypeError(
            f"Dask 调度器地址格式不正确，收到 {text!r}；应如 tls://10.0.0.5:8786"
        )
    return value


def _month_list(text: str) -> list[int]:
    """``1-12``, ``3,6,9,12``, ``1－6`` → the months, each 1..12."""
    value = str(text).replace("－", "-").replace("—", "-").replace("～", "-").replace("，", ",")
    months: list[int] = []
    try:
        for part in filter(None, (p.strip() for p in value.split(","))):
            first, _, last = part.partition("-")
            low, high = _whole(first), _whole(last or first)
            if not (1 <= low <= high <= 12):
                raise ValueError
            months.extend(range(low, high + 1))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"月份须如 1-12 或 3,6,9,12（1～12），收到 {text!r}"
        ) from None
    if not months:
        raise argparse.ArgumentTypeError(f"月份须如 1-12 或 3,6,9,12（1～12），收到 {text!r}")
    return sorted(set(months))


def _formats(text: str) -> tuple[str, ...]:
    from .render import renderer_names

    names = renderer_names()
    chosen = tuple(
        dict.fromkeys(
            p.strip().lower() for p in str(text).replace("，", ",").split(",") if p.strip()
        )
    )
    if not chosen or any(p not in names for p in chosen):
        raise argparse.ArgumentTypeError(
            f"输出格式须为 {'、'.join(names)} 或 {','.join(names)}，收到 {text!r}"
        )
    return chosen


def _default_formats() -> tuple[str, ...]:
    from .pipeline.options import FORMATS

    return FORMATS


def _short(text: object, limit: int = _MAX_MESSAGE) -> str:
    """One message, at most ``limit`` characters (a 10k-character error is not read)."""
    value = " ".join(str(text).split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _add_command(sub, name: str, help_text: str, examples: list[str]) -> argparse.ArgumentParser:
    return sub.add_parser(
        name,
        help=help_text,
        description=help_text,
        epilog="示例：\n" + "\n".join(f"  {e}" for e in examples),
        formatter_class=_Formatter,
    )


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="wbanalysis",
        formatter_class=_Formatter,
        description="水务局年度工作总结：由台账计算指标、生成离线报告。",
        epilog="示例：\n  wbanalysis validate --data 台账\n"
        "  wbanalysis build --data 台账 --out 报告 --years 2023\n"
        "  wbanalysis check 总结.docx --year 2023\n\n"
        "各子命令的说明：wbanalysis 子命令 -h",
    )
    p.add_argument(
        "--version", action="version", version=f"wbanalysis {__version__}", help="显示版本号并退出"
    )
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser, title="子命令")

    v = _add_command(
        sub,
        "validate",
        "检查台账，列出全部问题（有问题时退出码为 2）",
        [
            "wbanalysis validate --data D:/台账",
            "wbanalysis validate --data 台账.xlsx",
            "wbanalysis validate --data 台账 --monitoring D:/水雨情",
        ],
    )
    v.add_argument("--data", type=Path, default=None, metavar="台账", help=_DATA_HELP)
    v.add_argument(
        "--monitoring",
        type=Path,
        default=None,
        metavar="监测数据",
        help="同时检查水雨情监测数据文件夹（SL 323 表 ST_STBPRP_B、ST_PPTN_R、ST_RSVR_R、"
        "ST_RSVRFSR_B 等，CSV 或 Parquet）；测站按《行政区划》台账的区划代码对应县区",
    )

    i = _add_command(
        sub,
        "indicators",
        "计算某年度、某县区、截至某月的全部指标",
        [
            "wbanalysis indicators --year 2023",
            "wbanalysis indicators --year 2023 --county 白沙县 --through-month 6 --format json",
            "wbanalysis indicators --year 2023 --xlsx 指标.xlsx",
        ],
    )
    i.add_argument("--year", type=_year, required=True, metavar="年度", help="年度（必填）")
    i.add_argument(
        "--county",
        default=None,
        metavar="县区",
        help=f"县区名称，或“{CITY}”表示整个市（默认：{CITY}；县级水务局的台账中即本县）",
    )
    i.add_argument(
        "--through-month",
        type=_month,
        default=None,
        metavar="月",
        help="截止月份 1～12（默认：该年台账中最后有数据的月份）",
    )
    i.add_argument("--data", type=Path, default=None, metavar="台账", help=_DATA_HELP)
    i.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="输出格式：table 为表格，json 为 {指标键: 数值}（默认：%(default)s）",
    )
    i.add_argument(
        "--xlsx",
        type=Path,
        default=None,
        metavar="文件",
        help="另将全部指标写入 Excel 文件（长表：指标键、指标名称、年度、截止月、县区、数值、单位、显示）",
    )

    e = _add_command(
        sub,
        "explain",
        "说明一个指标的出处：口径、代入数字的公式和计入的台账行（文件、工作表、Excel 行号）",
        [
            "wbanalysis explain funding.total --year 2023",
            "wbanalysis explain funding.arrival_rate --year 2023 --county 白沙县 --xlsx 出处.xlsx",
        ],
    )
    e.add_argument(
        "key", metavar="指标键", help="指标键，如 funding.total（见 wbanalysis indicators）"
    )
    e.add_argument("--year", type=_year, required=True, metavar="年度", help="年度（必填）")
    e.add_argument(
        "--county",
        default=None,
        metavar="县区",
        help=f"县区名称，或“{CITY}”表示整个市（默认：{CITY}）",
    )
    e.add_argument(
        "--through-month",
        type=_month,
        default=None,
        metavar="月",
        help="截止月份 1～12（默认：该年台账中最后有数据的月份）",
    )
    e.add_argument("--data", type=Path, default=None, metavar="台账", help=_DATA_HELP)
    e.add_argument(
        "--xlsx", type=Path, default=None, metavar="文件", help="将台账行和说明写入 .xlsx 文件"
    )
    e.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="输出格式：table 为表格，json 为数值、公式、口径和台账行（默认：%(default)s）",
    )

    b = _add_command(
        sub,
        "build",
        "执行笔记本，生成离线 HTML 报告站点（失败的报告退出码为 1）",
        [
            f"wbanalysis build --out 报告 --years 2023 --counties {CITY} 白沙县",
            "wbanalysis build --out 月报 --years 2023 --months 1-12 --notebooks 05_rivers",
            "wbanalysis build --data 台账 --notebooks 我的笔记本 --dry-run",
            "wbanalysis build --data 台账 --monitoring D:/水雨情 --notebooks 04_flood_storage",
            "wbanalysis build --scheduler tls://10.0.0.5:8786 --tls-ca-file ca.pem "
            "--tls-cert client.pem --tls-key client-key.pem",
        ],
    )
    b.add_argument("--data", type=Path, default=None, metavar="台账", help=_DATA_HELP)
    b.add_argument(
        "--monitoring",
        type=Path,
        default=None,
        metavar="监测数据",
        help="水雨情监测数据文件夹（国家标准 SL 323 表：ST_STBPRP_B、ST_PPTN_R、ST_RSVR_R、"
        "ST_RSVRFSR_B 等，CSV 或 Parquet）：报告中写入汛期降雨、水库超汛限和到报率"
        "（默认：无，报告不涉及这些内容）",
    )
    b.add_argument(
        "--out",
        type=Path,
        default=Path("reports/site"),
        metavar="文件夹",
        help="站点文件夹；缓存放在旁边的「文件夹.cache」（默认：%(default)s）",
    )
    b.add_argument(
        "--years",
        type=_year,
        nargs="+",
        default=None,
        metavar="年度",
        help="年度，可多个（默认：台账中有数据的全部年度）",
    )
    b.add_argument(
        "--counties",
        nargs="+",
        default=None,
        metavar="县区",
        help=f"县区名称，可多个；“{CITY}”表示整个市（默认：{CITY}和全部县区；县级水务局：只有本县）",
    )
    b.add_argument(
        "--notebooks",
        nargs="+",
        default=None,
        metavar="笔记本",
        help="笔记本名称（如 05_rivers）、.ipynb 文件或笔记本文件夹（默认：随包提供的全部笔记本）",
    )
    b.add_argument(
        "--through-month",
        type=_month,
        default=None,
        metavar="月",
        help="截止月份 1～12（默认：每年台账中最后有数据的月份）",
    )
    b.add_argument(
        "--months",
        type=_month_list,
        default=None,
        metavar="月份",
        help="生成月报：每个截止月份一份，如 1-12、3,6,9,12（只到该年有数据的月份；"
        "默认：不生成月报）",
    )
    b.add_argument(
        "--jobs",
        type=_positive,
        default=None,
        metavar="N",
        help="同时执行的报告数（默认：CPU 核数）",
    )
    b.add_argument(
        "--timeout",
        type=_positive,
        default=900,
        metavar="秒",
        help="单份报告的超时秒数（默认：%(default)s）",
    )
    b.add_argument(
        "--scheduler",
        type=_scheduler,
        default=None,
        metavar="地址",
        help="在 Dask 集群上执行，如 tls://10.0.0.5:8786（默认：本机执行）。能连上调度器的任何人"
        "都能在工作节点上运行任意代码：本机以外的调度器须用 tls:// 与证书，"
        "不加密的 tcp:// 只接受本机地址（127.0.0.1）",
    )
    b.add_argument(
        "--tls-ca-file",
        type=Path,
        default=None,
        metavar="CA证书",
        help="tls:// 调度器：签发集群证书的 CA 证书（PEM）"
        "（默认：Dask 配置 distributed.comm.tls.ca-file）",
    )
    b.add_argument(
        "--tls-cert",
        type=Path,
        default=None,
        metavar="证书",
        help="tls:// 调度器：本机的证书（PEM，可含私钥）"
        "（默认：Dask 配置 distributed.comm.tls.client.cert）",
    )
    b.add_argument(
        "--tls-key",
        type=Path,
        default=None,
        metavar="私钥",
        help="tls:// 调度器：本机证书的私钥（PEM）（默认：Dask 配置 distributed.comm.tls.client.key）",
    )
    b.add_argument(
        "--allow-insecure-scheduler",
        action="store_true",
        help="确知网络可信时，允许以不加密的 tcp:// 连接本机以外的调度器"
        "（任何能连上它的人都能在工作节点上运行代码）",
    )
    b.add_argument(
        "--formats",
        type=_formats,
        default=_default_formats(),
        metavar="格式",
        help="每份报告的输出格式，逗号分隔：html 为离线网页，docx 为公文格式的 Word 文稿"
        "（默认：html,docx）",
    )
    b.add_argument(
        "--annexes",
        choices=("inside", "separate"),
        default="inside",
        metavar="附件",
        help="Word 上报稿的附件（主要指标表、重点项目进展表、考核结果、图表）放在哪里：inside 为"
        "正文之后、每个附件另起一页，separate 为单独的「…_附表.docx」（默认：inside）",
    )
    b.add_argument(
        "--check",
        action="store_true",
        help="生成后用 wbanalysis check 核对每份报告：文中的合计、差额、比例是否成立，"
        "数字是否与台账一致，结果显示在目录页（默认：不核对）",
    )
    b.add_argument("--force", action="store_true", help="全部重新生成，不论是否有变化")
    b.add_argument(
        "--dry-run", action="store_true", help="只列出计划生成的报告（每行一个 JSON），不执行"
    )

    t = _add_command(
        sub,
        "template",
        "生成空白台账 Excel 模板（每个台账一个工作表）",
        ["wbanalysis template", "wbanalysis template --out D:/台账模板.xlsx"],
    )
    t.add_argument(
        "--out",
        type=Path,
        default=Path("台账模板.xlsx"),
        metavar="文件",
        help="模板文件路径（默认：当前文件夹下的 %(default)s）",
    )
    t.add_argument("--force", action="store_true", help="文件已存在时覆盖")

    c = _add_command(
        sub,
        "check",
        "核对工作总结：找出文中数字，检查文中的计算关系，并可与台账核对"
        "（有不成立或不符时退出码为 1）",
        [
            "wbanalysis check 总结.docx",
            "wbanalysis check 总结.txt --data 台账 --year 2023 --through-month 10",
            f"wbanalysis check 总结.md --year 2023 --county {CITY} --format json",
            "wbanalysis check 总结.docx --year 2023 --html 核对报告.html",
        ],
    )
    c.add_argument(
        "file", type=Path, metavar="文件", help="工作总结：.txt、.md、.docx 或 .html 文件"
    )
    c.add_argument(
        "--data",
        type=Path,
        default=None,
        metavar="台账",
        help="与之核对的台账文件夹或 Excel 工作簿，须同时给出 --year（默认：随包提供的示例台账）",
    )
    c.add_argument(
        "--year",
        type=_year,
        default=None,
        metavar="年度",
        help="与台账核对的年度（默认：不与台账核对，只检查文中的计算关系）",
    )
    c.add_argument(
        "--county",
        default=None,
        metavar="县区",
        help=f"县区名称，或“{CITY}”表示整个市（默认：{CITY}；县级水务局的台账中即本县）",
    )
    c.add_argument(
        "--through-month",
        type=_month,
        default=None,
        metavar="月",
        help="截止月份 1～12（默认：该年台账中最后有数据的月份）",
    )
    c.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="输出格式：table 为表格，json 为同样内容的 JSON（默认：%(default)s）",
    )
    c.add_argument(
        "--html",
        type=Path,
        default=None,
        metavar="文件",
        help="另存一份离线 HTML 核对报告到此文件（默认：不保存）",
    )
    c.add_argument(
        "--force", action="store_true", help="--html 的文件已存在（且不是核对报告）时覆盖"
    )

    n = _add_command(
        sub,
        "notebooks",
        "把报告笔记本复制到一个文件夹，供在 JupyterLab 中修改",
        ["wbanalysis notebooks 我的笔记本", "wbanalysis build --notebooks 我的笔记本 --out 报告"],
    )
    n.add_argument("folder", type=Path, metavar="文件夹", help="复制到的文件夹（不存在则新建）")
    n.add_argument("--force", action="store_true", help="覆盖文件夹中已有的同名笔记本")
    sub.metavar = "{" + ",".join(sub.choices) + "}"  # names the missing subcommand, too
    return p


def _validate(args) -> int:
    from .indicators.local import validate
    from .io import default_data_dir
    from .io.cache import default_cache_dir

    data = args.data or default_data_dir()
    problems = validate(data, cache_dir=default_cache_dir(data))
    valid = not any(p.is_error for p in problems)
    if not valid:
        print(str(DataError(problems)), file=sys.stderr)
    else:
        print(f"台账检查通过：{data}")
        _print_notices(problems)
    if args.monitoring is None:
        return 0 if valid else 2
    monitoring_valid = _validate_monitoring(args.monitoring, data if valid else None)
    return 0 if valid and monitoring_valid else 2


def _print_notices(problems) -> None:
    """Notices only: what was skipped or interpreted, and what was not found."""
    if problems:
        print(f"提示（{len(problems)} 条）：")
        for problem in problems:
            print(f"  - {problem}")


def _validate_monitoring(folder: Path, data: Path | None) -> bool:
    """Check a monitoring folder (converted into its cache when there is one); its stations
    are given counties and reservoirs by the valid ledgers of ``data`` (None: the ledgers are
    invalid)."""
    from .errors import MonitoringDataError
    from .io import load
    from .io.cache import default_cache_dir
    from .monitoring import convert, validate_monitoring
    from .monitoring.flood_season import default_store_dir

    if not folder.is_dir():
        raise WbAnalysisError(f"水雨情监测数据文件夹不存在：{folder}")
    ledgers = {}
    if data is not None:
        tables = load(data, cache_dir=default_cache_dir(data))
        ledgers = {name: tables[name] for name in ("counties", "reservoirs") if name in tables}
    if default_cache_dir(folder) is None:
        problems = validate_monitoring(folder, **ledgers)[1]
    else:
        problems = convert(folder, default_store_dir(folder), **ledgers).problems
    if any(p.is_error for p in problems):
        print(str(MonitoringDataError(problems)), file=sys.stderr)
        return False
    print(f"水雨情监测数据检查通过：{folder}")
    _print_notices(problems)
    return True


def _template(args) -> int:
    from .io.templates import write_template

    if args.out.exists() and not args.force:
        raise WbAnalysisError(f"文件已存在，未覆盖：{args.out}（覆盖请加 --force）")
    print(f"已生成模板：{write_template(args.out)}")
    return 0


def _notebooks(args) -> int:
    import shutil

    from .shipped import notebook_dir

    folder: Path = args.folder
    if folder.exists() and not folder.is_dir():
        raise WbAnalysisError(f"{folder} 不是文件夹")
    folder.mkdir(parents=True, exist_ok=True)
    copied, kept = [], []
    for source in sorted(notebook_dir().glob("*.ipynb")):
        target = folder / source.name
        if target.exists() and not args.force:
            kept.append(source.name)
            continue
        shutil.copyfile(source, target)
        copied.append(source.name)
    print(f"已复制 {len(copied)} 个笔记本到 {folder}")
    if kept:
        print(f"已存在、未覆盖：{'、'.join(kept)}（覆盖请加 --force）")
    print(f"修改后用 wbanalysis build --notebooks {folder} 生成报告")
    return 0


def _json_value(value):
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _cache_for(data: Path | None) -> Path | None:
    """The cache of validated ledgers the commands use (see :func:`.io.cache.default_cache_dir`)."""
    from .io import default_data_dir
    from .io.cache import default_cache_dir

    return default_cache_dir(data or default_data_dir())


def _indicators(args) -> int:
    from .indicators import LOCAL_SECTION, catalogue_of, compute_indicators
    from .indicators.local import load
    from .scope import Scope

    dataset = load(args.data, cache_dir=_cache_for(args.data))
    scope = Scope.of(dataset, year=args.year, county=args.county, through_month=args.through_month)
    values = compute_indicators(dataset, scope)
    if args.xlsx is not None:
        _indicators_xlsx(args.xlsx, dataset, scope, values)
    if args.format == "json":
        print(
            json.dumps({k: _json_value(v) for k, v in values.items()}, ensure_ascii=False, indent=1)
        )
    else:
        catalogue = catalogue_of(dataset)
        print(f"{scope.name}{scope.period_label}")
        width = max(len(k) for k in values)
        local = False
        for key, value in values.items():
            if catalogue[key].section == LOCAL_SECTION and not local:
                local = True
                print(f"{LOCAL_SECTION}（指标定义）：")
            print(f"{key:<{width}}  {catalogue[key].name}\t{catalogue[key].display(value)}")
    return 0


def _explain(args) -> int:
    from .indicators.explain import explain
    from .indicators.local import load
    from .render.xlsx import write_explained

    dataset = load(args.data, cache_dir=_cache_for(args.data))
    explained = explain(
        dataset, args.key, year=args.year, county=args.county, through_month=args.through_month
    )
    rows = explained.rows
    if args.format == "json":
        records = json.loads(rows.to_json(orient="records", force_ascii=False))
        out = {
            "key": explained.key,
            "name": explained.name,
            "value": _json_value(explained.value),
            "display": explained.display,
            "formula": explained.formula,
            "explanation": explained.explanation,
            "rows": records,
        }
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        scope = explained.scope
        print(f"{scope.name}{scope.period_label}")
        print(explained)
        print(f"台账行（{len(rows)}行）：")
        if len(rows):
            print(rows.to_string(index=False))
    if args.xlsx is not None:
        write_explained(args.xlsx, explained)
        print(f"已写入：{args.xlsx}", file=sys.stderr)
    return 0


def _indicators_xlsx(path: Path, dataset, scope, values: dict) -> None:
    """The selection's indicators as the long sheet of 指标汇总.xlsx, written to ``path``."""
    from .indicators import catalogue_of
    from .render.xlsx import indicator_rows, long_sheet, write_workbook

    catalogue = catalogue_of(dataset)
    items = [
        (k, catalogue[k].name, catalogue[k].unit, _json_value(v), catalogue[k].display(v))
        for k, v in values.items()
    ]
    rows = indicator_rows(scope.year, scope.through_month, scope.parameter, items)
    write_workbook(path, [long_sheet(rows)])
    print(f"已写入 {path}", file=sys.stderr)


def _check(args) -> int:
    from .check import check_file
    from .check.report import format_table, to_json, write_html

    if args.year is None:
        given = [
            o
            for o, v in (
                ("--data", args.data),
                ("--county", args.county),
                ("--through-month", args.through_month),
            )
            if v is not None
        ]
        if given:
            raise WbAnalysisError(f"与台账核对须给出 --year（已给出 {'、'.join(given)}）")
    dataset = None
    if args.year is not None:
        from .indicators.local import load

        dataset = load(args.data, cache_dir=_cache_for(args.data))
    result = check_file(
        args.file,
        dataset=dataset,
        year=args.year,
        county=args.county,
        through_month=args.through_month,
    )
    if args.html is not None:
        written = write_html(result, args.html, force=args.force, protect=(args.file,))
    print(to_json(result) if args.format == "json" else format_table(result))
    if args.html is not None:
        print(f"HTML 核对报告：{written}", file=sys.stderr)
    return result.exit_code


def _build_options(args):
    """The :class:`~wbanalysis.pipeline.options.BuildOptions` the ``build`` arguments ask for."""
    from .pipeline.options import BuildOptions

    return BuildOptions(
        data_dir=args.data,
        monitoring_dir=args.monitoring,
        out_dir=args.out,
        years=args.years,
        counties=args.counties,
        notebooks=args.notebooks,
        through_month=args.through_month,
        months=args.months,
        jobs=args.jobs,
        force=args.force,
        dry_run=args.dry_run,
        timeout=args.timeout,
        scheduler=args.scheduler,
        tls_ca_file=args.tls_ca_file,
        tls_cert=args.tls_cert,
        tls_key=args.tls_key,
        allow_insecure_scheduler=args.allow_insecure_scheduler,
        formats=args.formats,
        check=args.check,
        annexes=args.annexes,
    )


def _build(args) -> int:
    from .pipeline.site import build_site

    result = build_site(_build_options(args))
    if not args.dry_run:
        print(result.summary(), file=sys.stderr)
        for key, error in result.failed.items():
            print(f"  失败：{key}：{_short(error)}", file=sys.stderr)
        if result.out_dir is not None:
            print(f"站点：{result.out_dir / 'index.html'}", file=sys.stderr)
    return result.exit_code


_COMMANDS = {
    "validate": _validate,
    "template": _template,
    "indicators": _indicators,
    "explain": _explain,
    "build": _build,
    "check": _check,
    "notebooks": _notebooks,
}


def _skip_iri_grammar() -> None:
    """Reading a notebook imports nbformat → jsonschema, which imports ``rfc3987_syntax``
    when installed (JupyterLab installs it): 1.1 s spent compiling a grammar for the "iri"
    string format, which notebook validation never checks. The command line owns its
    process, so it tells Python that module is absent (jsonschema then skips that format)."""
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]  # None: "absent"


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    _skip_iri_grammar()
    with _chinese_argparse():
        try:
            args = _parser().parse_args(argv)
        except SystemExit as exc:  # --help, --version, or a bad argument (already printed)
            return exc.code if isinstance(exc.code, int) else 2
    try:
        return _COMMANDS[args.command](args)
    except DataError as exc:
        print(f"wbanalysis：{exc}", file=sys.stderr)
        return 2
    except WbAnalysisError as exc:
        print(f"wbanalysis：{_short(exc, 2000)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("wbanalysis：已中断", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `wbanalysis build --dry-run | head`
        sys.stderr.close()
        return 0
    except OSError as exc:  # a file the command needed could not be read or written
        where = f"：{exc.filename}" if exc.filename else ""
        print(
            f"wbanalysis：文件操作失败（{exc.strerror or type(exc).__name__}）{where}",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
