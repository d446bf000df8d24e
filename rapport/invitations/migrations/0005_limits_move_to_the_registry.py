"""The invitation policy row becomes limits in the one registry (core/limits.py): any
value an operator had changed is kept as a LimitValue, then the row's table goes."""

from django.db import migrations

FIELDS = (
    "weekly_cap",
    "daily_cap",
    "window_days",
    "throttle_rate",
    "throttle_min_decided",
    "throttled_weekly_cap",
    "restrict_negatives",
    "restriction_days",
    "expiry_days",
    "cooldown_days",
    "thread_limit",
)


def keep_changed_limits(apps, schema_editor):
    Policy = apps.get_model("invitations", "Policy")
    LimitValue = apps.get_model("core", "LimitValue")
    row = Policy.objects.filter(pk=1).first()
    if row is None:
        return
    for field in FIELDS:
        default = Policy._meta.get_field(field).default
        if getattr(row, field) != default:
            LimitValue.objects.update_or_create(
                name=f"invitations.{field}", defaults={"value": float(getattr(row, field))}
            )


def bring_back_the_row(apps, schema_editor):
    Policy = apps.get_model("invitations", "Policy")
    LimitValue = apps.get_model("core", "LimitValue")
    saved = {
        name.split(".", 1)[1]: value
        for name, value in LimitValue.objects.filter(name__startswith="invitations.").values_list(
            "name", "value"
        )
    }
    if saved:
        Policy.objects.update_or_create(
            pk=1, defaults={k: v for k, v in saved.items() if k in FIELDS}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("invitations", "0004_quota_kind_joins"),
        ("core", "0001_limit_values"),
    ]

    operations = [
        migrations.RunPython(keep_changed_limits, bring_back_the_row),
        migrations.DeleteModel(name="Policy"),
    ]
