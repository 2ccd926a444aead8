"""Training formulas: tokens, compute, compute-optimal data, training time and utilization.

Sources: "dataset tokens are not training tokens" and the utilization ratings (50% okay, above
70% great) are the notes'. Training compute ~= 6 x parameters x tokens is from Kaplan et al.
2020, "Scaling Laws for Neural Language Models", section 2.1 (2 FLOPs per parameter per token
forward, 4 backward). Compute-optimal tokens ~= 20 x parameters is from Hoffmann et al. 2022,
"Training Compute-Optimal Large Language Models" (Chinchilla). Training time = compute /
(accelerators x peak FLOP/s x utilization) follows from the definition of utilization.
"""

from __future__ import annotations

from fmflash.formulas.model_size import MODEL_BY_NAME, MODEL_BY_SIZE, PARAMS
from fmflash.formulas.quantities import Quantity
from fmflash.formulas.registry import Formula, Parameter, Values, at_most, register
from fmflash.formulas.units import Unit

# Upper bounds far beyond any real training run (see model_size.MAX_PARAMETERS).
MAX_TOKENS = 1e17
MAX_EPOCHS = 1e3
MAX_COMPUTE = 1e32
MAX_ACCELERATORS = 1e8
MAX_FLOPS_PER_SECOND = 1e18

DATASET_TOKENS = Parameter(
    "dataset_tokens", Unit.TOKENS, "tokens in the dataset, e.g. 1T", maximum=MAX_TOKENS
)
EPOCHS = Parameter(
    "epochs", Unit.COUNT, "passes over the dataset, e.g. 2 (may be 0.5)", maximum=MAX_EPOCHS
)
TRAINING_TOKENS = Parameter(
    "training_tokens", Unit.TOKENS, "tokens trained on, e.g. 300B", maximum=MAX_TOKENS
)
COMPUTE = Parameter(
    "compute", Unit.FLOPS, "training compute in FLOPs, e.g. 3.15e23", maximum=MAX_COMPUTE
)
ACCELERATORS = Parameter(
    "accelerators", Unit.COUNT, "number of GPUs/TPUs, e.g. 1024", whole=True,
    maximum=MAX_ACCELERATORS,
)  # fmt: skip
PEAK = Parameter(
    "peak_flops", Unit.FLOPS_PER_SECOND, "peak FLOP/s of one chip, e.g. 312T",
    maximum=MAX_FLOPS_PER_SECOND,
)  # fmt: skip
ACHIEVED = Parameter(
    "achieved_flops", Unit.FLOPS_PER_SECOND, "FLOP/s actually achieved, e.g. 156T",
    minimum_allowed=True, maximum=MAX_FLOPS_PER_SECOND,
)  # fmt: skip
UTILIZATION = Parameter("utilization", Unit.FRACTION, "achieved / peak, e.g. 50%", maximum=1)

OKAY_UTILIZATION = 0.5
GREAT_UTILIZATION = 0.7


def training_tokens(values: Values) -> dict[str, Quantity]:
    """Tokens trained on: dataset tokens x epochs."""
    return {"result": Quantity(values["dataset_tokens"] * values["epochs"], Unit.TOKENS)}


register(
    Formula(
        name="training_tokens",
        description="Training tokens = dataset tokens x epochs (notes: dataset tokens are not "
        "training tokens).",
        parameters=(DATASET_TOKENS, EPOCHS),
        result_unit=Unit.TOKENS,
        question="A model trains for {epochs:n:epoch} on a dataset of {dataset_tokens:short} "
        "tokens. How many training tokens is that?",
        working=(
            "{dataset_tokens:sci} tokens x {epochs:n:epoch} = {result:sci} = {result} tokens",
        ),
        compute=training_tokens,
        rule="Training tokens = dataset tokens x epochs",
        rule_in_notes=r"\bepochs?\b",
    )
)


def training_compute(values: Values) -> dict[str, Quantity]:
    """Training FLOPs: about 6 x parameters x training tokens."""
    return {"result": Quantity(6 * values["params"] * values["training_tokens"], Unit.FLOPS)}


register(
    Formula(
        name="training_compute",
        description="Training compute ~= 6 x parameters x training tokens FLOPs "
        "(Kaplan et al. 2020, Scaling Laws for Neural Language Models).",
        parameters=(PARAMS, TRAINING_TOKENS),
        result_unit=Unit.FLOPS,
        question="About how many FLOPs does it take to train {model} on "
        "{training_tokens:short} tokens?",
        working=(
            "compute ~= 6 x parameters x tokens",
            "6 x {params:sci} x {training_tokens:sci} = {result}",
        ),
        compute=training_compute,
        rule="Training compute ≈ 6 x parameters x training tokens FLOPs",
        rule_in_notes=r"\b6\s*(?:x|×|\*)\s*(?:N\b|param)",
        subject=MODEL_BY_SIZE,
        named_subject=MODEL_BY_NAME,
    )
)


def compute_optimal_tokens(values: Values) -> dict[str, Quantity]:
    """Compute-optimal training tokens: about 20 x parameters."""
    return {"result": Quantity(20 * values["params"], Unit.TOKENS)}


register(
    Formula(
        name="compute_optimal_tokens",
        description="Compute-optimal training tokens ~= 20 x parameters (Hoffmann et al. 2022, "
        "Chinchilla).",
        parameters=(PARAMS,),
        result_unit=Unit.TOKENS,
        question="By the Chinchilla rule, about how many training tokens are compute-optimal "
        "for {model}?",
        working=("tokens ~= 20 x parameters = 20 x {params:sci} = {result:sci} = {result} tokens",),
        compute=compute_optimal_tokens,
        rule="Compute-optimal training tokens ≈ 20 x parameters (Chinchilla)",
        rule_in_notes=r"\b20\s+(?:training\s+)?tokens\s+per\s+param",
        subject=MODEL_BY_SIZE,
        named_subject=MODEL_BY_NAME,
    )
)


def training_time(values: Values) -> dict[str, Quantity]:
    """Wall-clock time: compute / (accelerators x peak FLOP/s x utilization)."""
    rate = values["accelerators"] * values["peak_flops"] * values["utilization"]
    return {
        "result": Quantity(values["compute"] / rate, Unit.SECONDS),
        "rate": Quantity(rate, Unit.FLOPS_PER_SECOND),
        "seconds": Quantity(values["compute"] / rate, Unit.COUNT),
    }


register(
    Formula(
        name="training_time",
        description="Training time = compute / (accelerators x peak FLOP/s x utilization) "
        "(the definition of utilization).",
        parameters=(COMPUTE, ACCELERATORS, PEAK, UTILIZATION),
        result_unit=Unit.SECONDS,
        question="About how many days (of 86,400 seconds) does {compute:a sci}-FLOP training "
        "run take on {accelerators:n:accelerator} of {peak_flops} peak at {utilization} "
        "utilization?",
        working=(
            "achieved = {accelerators:plain} x {peak_flops:sci} FLOP/s x {utilization:plain} "
            "= {rate:sci} FLOP/s",
            "time = compute / achieved = ({compute:sci}) / ({rate:sci}) = {seconds:sci} seconds",
            "{seconds:sci} seconds / 86,400 seconds a day = {result:in:days}",
        ),
        compute=training_time,
        rule="Training time = compute / (accelerators x peak FLOP/s x utilization)",
        rule_in_notes=r"compute\s*/\s*\(?\s*accelerators",
        answer="{result:in:days}",
    )
)


# The words rate_utilization gives, worst first; the notes name only the last two.
UTILIZATION_RATINGS = ("below okay", "okay", "great")


def rate_utilization(utilization: float) -> str:
    """Rate utilization as the notes do: 50% is okay, above 70% is great."""
    if utilization > GREAT_UTILIZATION:
        return "great"
    if utilization >= OKAY_UTILIZATION:
        return "okay"
    return "below okay"


def utilization(values: Values) -> dict[str, Quantity]:
    """Utilization: achieved FLOP/s / peak FLOP/s."""
    return {"result": Quantity(values["achieved_flops"] / values["peak_flops"], Unit.FRACTION)}


register(
    Formula(
        name="utilization",
        description="Utilization = achieved / peak FLOP/s, asked as its rating: 50% is okay, "
        "above 70% great (notes).",
        parameters=(ACHIEVED, PEAK),
        result_unit=Unit.FRACTION,
        question="A chip with {peak_flops} peak achieves {achieved_flops}. How do the notes "
        "rate its utilization?",
        working=(
            "utilization = achieved / peak = ({achieved_flops:sci}) / ({peak_flops:sci}) "
            "= {result}",
            "by the notes, {result} is {rating}: okay from 50%, great above 70%",
        ),
        answer="{Rating}",
        compute=utilization,
        rule="Utilization = achieved FLOP/s / peak FLOP/s",
        rule_in_notes=r"achieved[^.]{0,40}/\s*peak",
        rules=(at_most(ACHIEVED, PEAK),),
        rate=rate_utilization,
        ratings=UTILIZATION_RATINGS,
    )
)
