"""Model-size formulas from the notes: weights memory, sparsity and mixture of experts."""

from __future__ import annotations

from fmflash.formulas.quantities import Quantity
from fmflash.formulas.registry import Formula, Parameter, Values, at_most, register
from fmflash.formulas.units import Unit

# Upper bounds far beyond any real model, so a slip of the finger (1e300) is an error rather
# than a 300-digit answer: a quadrillion parameters, a hundred thousand experts.
MAX_PARAMETERS = 1e15
MAX_EXPERTS = 1e5

PARAMS = Parameter("params", Unit.PARAMETERS, "parameter count, e.g. 7B", maximum=MAX_PARAMETERS)
BYTES_PER_PARAM = Parameter(
    "bytes_per_param",
    Unit.BYTES_PER_PARAMETER,
    "bytes per parameter: 4 fp32, 2 fp16/bf16, 1 int8, 0.5 int4",
    maximum=8,
    aliases={"fp32": 4, "fp16": 2, "bf16": 2, "int8": 1, "fp8": 1, "int4": 0.5},
)
SPARSITY = Parameter(
    "sparsity", Unit.FRACTION, "share of zero parameters, e.g. 90%",
    minimum_allowed=True, maximum=1, maximum_allowed=False,
)  # fmt: skip
EXPERTS = Parameter(
    "experts", Unit.COUNT, "number of experts n, e.g. 8", whole=True, maximum=MAX_EXPERTS
)
ACTIVE_EXPERTS = Parameter(
    "active_experts", Unit.COUNT, "experts active per token k, e.g. 2", whole=True,
    maximum=MAX_EXPERTS,
)  # fmt: skip
SHARED_PARAMS = Parameter(
    "shared_params", Unit.PARAMETERS, "parameters every token uses, e.g. 1.63B",
    minimum_allowed=True, maximum=MAX_PARAMETERS,
)  # fmt: skip
EXPERT_PARAMS = Parameter(
    "expert_params", Unit.PARAMETERS, "parameters of one expert, e.g. 5.63B",
    maximum=MAX_PARAMETERS,
)  # fmt: skip
TOTAL_PARAMS = Parameter(
    "total_params", Unit.PARAMETERS, "total parameter count, e.g. 46.7B", maximum=MAX_PARAMETERS
)
ACTIVE_PARAMS = Parameter(
    "active_params", Unit.PARAMETERS, "active per token, e.g. 12.9B", maximum=MAX_PARAMETERS
)
MODEL_PARAMS = Parameter(
    "model_params", Unit.PARAMETERS, "the size in the name, e.g. 7B", maximum=MAX_PARAMETERS
)


# How templates name the model a case is about: by its size, or by the case's `model:` name.
MODEL_BY_SIZE = "{params:a short}-parameter model"
MODEL_BY_NAME = "{model_name} ({params:short} parameters)"
MOE_MODEL = "a mixture-of-experts model"


def weights_memory(values: Values) -> dict[str, Quantity]:
    """Bytes for the weights: parameters x bytes per parameter."""
    total = values["params"] * values["bytes_per_param"]
    return {"result": Quantity(total, Unit.BYTES), "gib": Quantity(total / 2**30, Unit.COUNT)}


register(
    Formula(
        name="weights_memory",
        description="Memory for a model's weights = parameters x bytes per parameter (notes).",
        parameters=(PARAMS, BYTES_PER_PARAM),
        result_unit=Unit.BYTES,
        question="How much memory, in GB, do the weights of {model} need at "
        "{bytes_per_param} per parameter?",
        working=(
            "{params:sci} parameters x {bytes_per_param:n:byte} = {result:sci} bytes "
            "= {result:in:GB}",
            "(GB here is 10^9 bytes; that is {gib:plain} GiB of 2^30 bytes)",
        ),
        compute=weights_memory,
        rule="Weights memory = parameters x bytes per parameter",
        rule_in_notes=r"parameters?[^.]{0,80}bytes|bytes per parameter",
        answer="{result:in:GB}",
        subject=MODEL_BY_SIZE,
        named_subject=MODEL_BY_NAME,
    )
)


def sparse_nonzero(values: Values) -> dict[str, Quantity]:
    """Non-zero parameters: parameters x (1 - sparsity)."""
    kept = 1 - values["sparsity"]
    return {
        "result": Quantity(values["params"] * kept, Unit.PARAMETERS),
        "kept": Quantity(kept, Unit.FRACTION),
    }


register(
    Formula(
        name="sparse_nonzero",
        description="Non-zero parameters of a sparse model = parameters x (1 - sparsity) (notes).",
        parameters=(PARAMS, SPARSITY),
        result_unit=Unit.PARAMETERS,
        question="How many non-zero parameters does {model} with {sparsity} sparsity have?",
        working=(
            "{params:sci} x (1 - {sparsity:plain}) = {params:sci} x {kept:plain} "
            "= {result:sci} = {result}",
        ),
        compute=sparse_nonzero,
        rule="Non-zero parameters = parameters x (1 - sparsity)",
        rule_in_notes=r"sparse[^.]{0,80}non-zero",
        subject=MODEL_BY_SIZE,
        named_subject=MODEL_BY_NAME,
    )
)


def moe_total_params(values: Values) -> dict[str, Quantity]:
    """All parameters of a mixture of experts: shared + n x expert."""
    total = values["shared_params"] + values["experts"] * values["expert_params"]
    return {"result": Quantity(total, Unit.PARAMETERS)}


register(
    Formula(
        name="moe_total_params",
        description="Mixture of experts: total = shared + n x expert parameters (notes).",
        parameters=(SHARED_PARAMS, EXPERT_PARAMS, EXPERTS),
        result_unit=Unit.PARAMETERS,
        question="{Model} has {experts:n:expert} of {expert_params:short} expert-specific "
        "parameters each, and {shared_params:short} shared parameters. How many parameters "
        "does it have in total?",
        working=(
            "total = shared + n x expert = {shared_params:sci} + {experts:plain} x "
            "{expert_params:sci} = {result:sci} = {result}",
        ),
        compute=moe_total_params,
        rule="Total parameters = shared + experts x expert-specific parameters",
        rule_in_notes=r"\bexperts? share",
        subject=MOE_MODEL,
    )
)


def moe_active_params(values: Values) -> dict[str, Quantity]:
    """Parameters used per token by a mixture of experts: shared + k x expert."""
    active = values["shared_params"] + values["active_experts"] * values["expert_params"]
    return {"result": Quantity(active, Unit.PARAMETERS)}


register(
    Formula(
        name="moe_active_params",
        description="Mixture of experts: active per token = shared + k x expert (notes).",
        parameters=(SHARED_PARAMS, EXPERT_PARAMS, EXPERTS, ACTIVE_EXPERTS),
        result_unit=Unit.PARAMETERS,
        question="{Model} has {experts:n:expert} of {expert_params:short} expert-specific "
        "parameters each, and {shared_params:short} shared parameters; each token uses "
        "{active_experts:n:expert}. How many parameters does each token use?",
        working=(
            "active = shared + k x expert = {shared_params:sci} + {active_experts:plain} "
            "x {expert_params:sci} = {result:sci} = {result}",
        ),
        compute=moe_active_params,
        rule="Active parameters per token = shared + active experts x expert-specific parameters",
        rule_in_notes=r"\bexperts? share",
        subject=MOE_MODEL,
        rules=(at_most(ACTIVE_EXPERTS, EXPERTS),),
    )
)

_SPLIT_PARAMETERS = (TOTAL_PARAMS, ACTIVE_PARAMS, EXPERTS, ACTIVE_EXPERTS)
_SPLIT_RULES = (
    at_most(ACTIVE_EXPERTS, EXPERTS, strictly=True),
    at_most(ACTIVE_PARAMS, TOTAL_PARAMS, strictly=True),
)
_SPLIT_GIVEN = (
    "{Model} has {total_params:short} parameters in total and {active_params:short} active "
    "per token, with {active_experts:plain} of its {experts:n:expert} active."
)
_EXPERT_LINE = (
    "expert = (total - active) / (n - k) = ({total_params:sci} - {active_params:sci}) / "
    "({experts:plain} - {active_experts:plain}) = {expert:sci} = {expert}"
)


def moe_split(values: Values) -> dict[str, Quantity]:
    """Recover per-expert and shared parameters from total and active counts."""
    expert = (values["total_params"] - values["active_params"]) / (
        values["experts"] - values["active_experts"]
    )
    shared = values["active_params"] - values["active_experts"] * expert
    return {
        "expert": Quantity(expert, Unit.PARAMETERS),
        "shared": Quantity(shared, Unit.PARAMETERS),
    }


# One more figure for the expert in the shared working, so that its rounded figures agree
# with its result: 12.9B - 2 x 5.633B = 1.634B, shown as 1.63B (not 12.9 - 2 x 5.63 = 1.63).
_WORKING_DIGITS = 4


def _shared_with_working(values: Values) -> dict[str, Quantity]:
    split = moe_split(values)
    expert = split["expert"]._replace(digits=_WORKING_DIGITS)
    return {"result": split["shared"], "shared": split["shared"], "expert": expert}


def _shared_not_negative(values: Values) -> str | None:
    if moe_split(values)["shared"].value < 0:
        return "these counts give a negative number of shared parameters; check them"
    return None


register(
    Formula(
        name="moe_expert_params",
        description="Mixture of experts: one expert = (total - active) / (n - k) (from the notes' "
        "two equations).",
        parameters=_SPLIT_PARAMETERS,
        result_unit=Unit.PARAMETERS,
        question=_SPLIT_GIVEN + " About how many expert-specific (non-shared) parameters does "
        "each expert have?",
        working=(
            "total = shared + n x expert; active = shared + k x expert",
            _EXPERT_LINE,
        ),
        compute=lambda values: {"result": moe_split(values)["expert"], **moe_split(values)},
        rule="Total = shared + n x expert; active = shared + k x expert",
        rule_in_notes=r"\bexperts? share",
        rules=(*_SPLIT_RULES, _shared_not_negative),
        subject=MOE_MODEL,
    )
)

register(
    Formula(
        name="moe_shared_params",
        description="Mixture of experts: shared = active - k x expert (from the notes' two "
        "equations).",
        parameters=_SPLIT_PARAMETERS,
        result_unit=Unit.PARAMETERS,
        question=_SPLIT_GIVEN + " About how many of its parameters are shared by all experts?",
        working=(
            "total = shared + n x expert; active = shared + k x expert",
            _EXPERT_LINE,
            "shared = active - k x expert = {active_params:sci} - {active_experts:plain} x "
            "{expert:sci} = {result:sci} = {result}",
        ),
        compute=_shared_with_working,
        rule="Total = shared + n x expert; active = shared + k x expert",
        rule_in_notes=r"\bexperts? share",
        rules=(*_SPLIT_RULES, _shared_not_negative),
        subject=MOE_MODEL,
    )
)


def moe_naive_total(values: Values) -> dict[str, Quantity]:
    """The count a name like 8x7B suggests: n x the size in the name."""
    return {"result": Quantity(values["experts"] * values["model_params"], Unit.PARAMETERS)}


register(
    Formula(
        name="moe_naive_total",
        description="Mixture of experts: the naive count n x size that a name like 8x7B suggests "
        "(notes: 56B, though Mixtral has 46.7B because parameters are shared).",
        parameters=(EXPERTS, MODEL_PARAMS),
        result_unit=Unit.PARAMETERS,
        question="How many parameters does a model name like {experts:plain}x{model_params:short} "
        "naively suggest?",
        working=(
            "n x size = {experts:plain} x {model_params:sci} = {result:sci} = {result}",
            "(the real total is lower when experts share parameters)",
        ),
        compute=moe_naive_total,
        rule="A name like 8x7B suggests experts x expert size parameters",
        rule_in_notes=r"\bnot 56 billion",
    )
)
