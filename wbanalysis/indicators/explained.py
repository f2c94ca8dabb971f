"""口径说明 (how the indicators of the wider ledgers are counted), for the data dictionary.

Each row names a family of catalogue indicators, their keys and the rule in the bureau's words;
the formulas are those of the metric functions' docstrings (:mod:`wbanalysis.metrics`).
"""

from __future__ import annotations

__all__ = ["EXPLAINED"]

#: (indicators, catalogue keys, 口径) in report order.
EXPLAINED: tuple[tuple[str, str, str], ...] = (
    ("项目建设状态：新开工、续建、完工、竣工验收、前期、储备项目", "projects.new_starts 等",
     "按末级项目计（总项目不重复计），由《项目节点》的实际日期推算：新开工 = 开工在期内（当年 1 月至截止月）；"
     "续建 = 开工在当年以前、截止时未竣工验收；完工 = 主体完工在期内；竣工验收 = 竣工验收在期内；"
     "前期 = 截止时已完成某一节点但未开工；储备 = 截止时尚无任何节点完成。同一项目当年开工当年完工时，"
     "新开工、完工各计一次。报审、招标、合同签订、用地批复、征地、移民搬迁为程序节点，不推进项目阶段。"),
    ("年度投资计划完成率", "investment.plan_completion_rate",
     "计划项目本年完成投资 ÷ 本年计划投资 × 100；本年完成投资取《项目投资进度》中有本年计划的项目"
     "当年 1 月至截止月的完成投资，本年计划取《项目年度投资计划》。不封顶。"),
    ("中央投资计划完成率", "investment.central_plan_completion_rate",
     "只计中央投资部分：计划中有中央投资的项目，本年完成的中央投资 ÷ 本年中央投资计划 × 100；"
     "须有《项目年度投资计划》的“其中中央投资计划”列和《项目投资进度》的“其中中央投资”列，缺列时无数据。"),
    ("分筹资渠道资金", "funding.channel.*",
     "期内争取资金按《资金台账》“筹资渠道”列分类（一般公共预算、增发国债、超长期特别国债、专项债、一般债、"
     "贷款、社会资本、群众自筹、整合资金等），渠道与资金级别（中央、省级…）相互独立；未填渠道的计入"
     "“未注明”，各渠道之和等于争取项目资金；台账没有该列时各渠道均无数据。"),
    ("全口径水利建设投资", "construction.*",
     "水利部统计口径：本地区全部水利工程（水利部门、其他部门和企业实施）期内完成的投资，按资金来源"
     "（中央、地方、债券、贷款、社会资本、其他）分列；同比按相同月份比较。与统计局口径的水利管理业"
     "固定资产投资（investment.fixed_asset）不同，二者不可相加。"),
    ("工程量与效益", "quantities.*、irrigation.*、soil.*、benefits.*",
     "《工程量与效益》期内各类完成数量之和，各按其单位（河道、堤防、渠道、管道 km，土石方 万m³，"
     "水闸、泵站 座，机电井 眼，灌溉面积和高标准农田 亩，水土流失治理面积 km²，受益人口 人，受益乡镇、"
     "村 个，学校 所）；写明其他单位的行在读取时换算（公里、m、万亩、万人）。"),
    ("有效灌溉面积", "irrigation.effective_area", "《县区年度统计》当年年末有效灌溉面积之和（亩）。"),
    ("病险水库除险加固", "reinforcement.*",
     "项目类别为“除险加固”的末级项目：新开工、续建、完工按项目建设状态计；完成除险加固水库按水库计"
     "（期内主体完工的除险加固项目所涉水库，不重复计），须填写项目台账的“水库编号”。"),
    ("水旱灾害、工程险情", "flood.disasters、flood.dangers、flood.dangers_major",
     "《水旱灾害》期内发生的次数：水旱灾害不含工程险情；工程险情按处计，较大及以上含较大、重大、特别重大。"),
    ("灾害损失", "flood.affected_population 等",
     "期内各次灾害和险情的受灾人口、紧急转移人口、死亡失踪人口（人）和直接经济损失、水利设施直接经济损失"
     "（万元）之和；某次未统计的损失项留空，不计为 0。"),
    ("防汛抗旱准备", "flood.rescue_teams 等",
     "《防汛抗旱准备》期内的抢险队伍（支、人）、应急演练、防汛检查（次）、抗旱机电井（眼）和水泵（台）；"
     "县区空白为市局本级，只计入全市。"),
    ("农村自来水普及率", "rural_water.tap_coverage",
     "集中供水工程（规模化供水、小型集中供水）受益人口 ÷ 当年农村人口 × 100；农村人口取《县区年度统计》，"
     "当年无数据时无数据。"),
    ("规模化供水工程覆盖农村人口比例", "rural_water.large_scale_coverage",
     "规模化供水工程（千吨万人）受益人口 ÷ 当年农村人口 × 100。"),
    ("集中、分散供水工程水费收缴率", "rural_water.fee_collection_rate.concentrated、rural_water.fee_collection_rate.dispersed",
     "各类工程期内实收水费 ÷ 应收水费 × 100，无应收时无数据。"),
    ("考核结果", "assessment.*",
     "按结果公布日期计入期间：获得考核结果、考核优秀（等次为优秀或 A）的项数，县区空白为本市的结果；"
     "名次取期内公布的本市（或本县区）该项考核的名次；连续优秀年数按考核年度连续计。"),
)
