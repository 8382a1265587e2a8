"""JSONArgsRecommended: shell-form CMD/ENTRYPOINT while no SHELL is in effect.

BuildKit (`dispatchCmd`/`dispatchEntrypoint`) warns when it prepends the default
shell: `/bin/sh -c` becomes PID 1 and does not pass signals on. It stays quiet when
the image's shell was set by SHELL, in the stage or in the stage it is based on;
a shell set in an external base image's config is invisible here (and rare).
"""

from __future__ import annotations

from ...engine.findings import Issue
from ...engine.registry import check

SHELL_FORM_KEYWORDS = ("CMD", "ENTRYPOINT")


@check("DF107")
def json_args_recommended(ctx):
    shell_set: dict[int, bool] = {}  # stage index -> SHELL set by the end of the stage
    for stage in ctx.model.stages:
        has_shell = stage.base_stage is not None and shell_set.get(stage.base_stage.index, False)
        for ins in stage.instructions:
            if ins.keyword == "SHELL":
                has_shell = True
            elif ins.keyword in SHELL_FORM_KEYWORDS and not ins.json_form and not has_shell:
                yield Issue(
                    ins.keyword_span,
                    f"JSON arguments recommended for {ins.keyword} to prevent unintended behavior related to OS signals",
                )
        shell_set[stage.index] = has_shell
