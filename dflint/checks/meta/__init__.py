"""dflint's housekeeping rules: suppression comments that name no rule, invalid `check=` options."""
