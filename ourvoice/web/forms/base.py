"""What every citizen form shares: the links of the error summary at the top of the page."""

from django import forms


class CitizenForm(forms.Form):
    def error_links(self) -> list[tuple[str, str]]:
        """(anchor, message) for the error summary, in the order of the page: each links to the
        field (the first radio button of a group, the day of a date) so that a tap puts the cursor there."""
        links = [("form-errors", str(message)) for message in self.non_field_errors()]
        for name, field in self.fields.items():
            for message in self.errors.get(name, []):
                first_of_group = isinstance(field.widget, forms.RadioSelect | forms.MultiWidget)
                links.append((f"id_{name}_0" if first_of_group else f"id_{name}", str(message)))
        return links
