"""指标计算 (metrics): one module per domain of the work summary.

Pure functions: ledger tables (as a :class:`~wbanalysis.Dataset` provides them) in, a number, a
Series or a DataFrame out; options are keyword-only. Every public name of the domain modules
is re-exported here.
"""

from __future__ import annotations

from . import funding
from . import investment
from . import projects
from . import plans
from . import storage
from . import flood
from . import rivers
from . import party
from . import resources
from . import supply
from . import safety
from . import trends
from .funding import (
    FUNDING_LEVELS,
    funds_secured,
    funds_arrived,
    funds_by_level,
    funds_by_programme,
    arrival_rate,
)
from .investment import (
    fixed_asset_investment,
    fixed_asset_by_month,
    fixed_asset_yoy,
    leaf_projects,
    project_investment,
    investment_completion_rate,
)
from .projects import (
    milestone_slippage,
    milestones_due,
    milestones_late,
    milestones_open_overdue,
    project_stages,
    stage_pipeline,
    loan_drawdown_eur,
    drawdowns_by_lender,
)
from .plans import (
    PLAN_STATUSES,
    plan_status,
    plan_summary,
)
from .storage import (
    storage_totals,
    storage_by_reservoir,
    storage_by_county,
)
from .flood import (
    WARNING_SOURCES,
    warnings_forwarded,
    warnings_by_source,
    warnings_by_month,
)
from .rivers import (
    CHIEF_LEVELS,
    PATROL_FREQUENCY,
    SPECIAL_ACTIONS,
    chiefs_by_level,
    patrols_done,
    patrol_completion_by_chief,
    patrol_completion_by_level,
    patrol_completion,
    issues_found,
    issues_closed,
    issue_closure_rate,
    open_issues,
    issues_open,
    special_actions,
    activity_items,
)
from .party import (
    PARTY_ACTIVITIES,
    party_activities,
)
from .resources import (
    FEE_TYPES,
    INSPECTION_TYPES,
    SOIL_PLAN_TYPES,
    fees_collected,
    fees_by_month,
    inspection_count,
    inspections_by_type,
    soil_plans_approved,
    soil_plans_by_type,
    WaterEfficiency,
    water_efficiency,
    water_use_per_gdp,
    water_use_per_industrial,
    IntensityDecline,
    intensity_decline,
)
from .supply import (
    RURAL_SUPPLY_CATEGORY,
    ProgrammeProgress,
    rural_supply_programme,
    rural_water_works_count,
    pricing_coverage,
    fee_totals,
    fee_collection_rate,
    fee_collection_by_work,
    rural_water_by_county,
)
from .safety import (
    SMALL_RESERVOIRS,
    CASE_TYPES,
    hazards_found,
    hazards_rectified,
    hazards_open,
    hazard_rectification_rate,
    enforcement_cases,
    cases_by_type,
    monitoring_coverage,
    eco_flow_by_station,
    eco_flow_compliance,
)
from .trends import (
    growth_rate,
    yoy_growth,
    annual_totals,
    Trend,
    trend,
)

__all__ = [
    "funding",
    "investment",
    "projects",
    "plans",
    "storage",
    "flood",
    "rivers",
    "party",
    "resources",
    "supply",
    "safety",
    "trends",
    "FUNDING_LEVELS",
    "funds_secured",
    "funds_arrived",
    "funds_by_level",
    "funds_by_programme",
    "arrival_rate",
    "fixed_asset_investment",
    "fixed_asset_by_month",
    "fixed_asset_yoy",
    "leaf_projects",
    "project_investment",
    "investment_completion_rate",
    "milestone_slippage",
    "milestones_due",
    "milestones_late",
    "milestones_open_overdue",
    "project_stages",
    "stage_pipeline",
    "loan_drawdown_eur",
    "drawdowns_by_lender",
    "PLAN_STATUSES",
    "plan_status",
    "plan_summary",
    "storage_totals",
    "storage_by_reservoir",
    "storage_by_county",
    "WARNING_SOURCES",
    "warnings_forwarded",
    "warnings_by_source",
    "warnings_by_month",
    "CHIEF_LEVELS",
    "PATROL_FREQUENCY",
    "SPECIAL_ACTIONS",
    "chiefs_by_level",
    "patrols_done",
    "patrol_completion_by_chief",
    "patrol_completion_by_level",
    "patrol_completion",
    "issues_found",
    "issues_closed",
    "issue_closure_rate",
    "open_issues",
    "issues_open",
    "special_actions",
    "activity_items",
    "PARTY_ACTIVITIES",
    "party_activities",
    "FEE_TYPES",
    "INSPECTION_TYPES",
    "SOIL_PLAN_TYPES",
    "fees_collected",
    "fees_by_month",
    "inspection_count",
    "inspections_by_type",
    "soil_plans_approved",
    "soil_plans_by_type",
    "WaterEfficiency",
    "water_efficiency",
    "water_use_per_gdp",
    "water_use_per_industrial",
    "IntensityDecline",
    "intensity_decline",
    "RURAL_SUPPLY_CATEGORY",
    "ProgrammeProgress",
    "rural_supply_programme",
    "rural_water_works_count",
    "pricing_coverage",
    "fee_totals",
    "fee_collection_rate",
    "fee_collection_by_work",
    "rural_water_by_county",
    "SMALL_RESERVOIRS",
    "CASE_TYPES",
    "hazards_found",
    "hazards_rectified",
    "hazards_open",
    "hazard_rectification_rate",
    "enforcement_cases",
    "cases_by_type",
    "monitoring_coverage",
    "eco_flow_by_station",
    "eco_flow_compliance",
    "growth_rate",
    "yoy_growth",
    "annual_totals",
    "Trend",
    "trend",
]
