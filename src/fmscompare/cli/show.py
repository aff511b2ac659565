"""`fmscompare show COUNTRY`: one country's profile, its evidence and where to find it, SIPRI figures, sources."""

from typing import Annotated

import typer

from fmscompare.choices import OutputFormat
from fmscompare.cli.inputs import load, weights
from fmscompare.cli.options import (
    AsOfOption,
    BomOption,
    DataDirOption,
    FormatOption,
    OutputOption,
    PaperOption,
    PresetOption,
    WeightsOption,
)
from fmscompare.cli.output import emit, reported_errors


def show(
    ctx: typer.Context,
    country: Annotated[str, typer.Argument(help="Name, alias or ISO code: france, FR, fra, 'south korea', ROK.")],
    preset: PresetOption = "default",
    weights_file: WeightsOption = None,
    as_of: AsOfOption = None,
    paper: PaperOption = False,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    bom: BomOption = False,
    data_dir: DataDirOption = None,
) -> None:
    """Show one country: model, level, score breakdown with evidence, SIPRI figures and sources.

    Example: fmscompare show "south korea"
    """
    with reported_errors():
        from fmscompare.dataset.lookup import find_country_in
        from fmscompare.reports.show import country_profile

        dataset = load(ctx, data_dir, as_of, paper)
        chosen = weights(dataset, preset, weights_file)
        emit(country_profile(dataset, find_country_in(dataset, country), chosen), fmt, output, bom=bom)
