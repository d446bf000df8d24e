import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def carry_over(apps, schema_editor):
    Influence = apps.get_model("influence", "Influence")
    Influence.objects.update(standing=models.F("score"))
    Influence.objects.filter(closed=True).update(closeness=1.0)


class Migration(migrations.Migration):
    dependencies = [
        ("influence", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="InfluenceScale",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField(unique=True)),
                ("members", models.PositiveIntegerField()),
                ("least", models.JSONField(default=list)),
                ("computed_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
        ),
        migrations.AddField(
            model_name="influence",
            name="closeness",
            field=models.FloatField(default=0.0),
        ),
        migrations.AddField(
            model_name="influence",
            name="standing",
            field=models.PositiveSmallIntegerField(default=1),
        ),
        # Until the first daily pass after this one, a member's recompute weighs responders
        # by their current score and damps the circles the last pass found closed, as
        # that pass would have.
        migrations.RunPython(carry_over, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="influence",
            name="closed",
        ),
        migrations.AddConstraint(
            model_name="influence",
            constraint=models.CheckConstraint(
                condition=models.Q(("closeness__gte", 0), ("closeness__lte", 1)),
                name="influence_closeness_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="influence",
            constraint=models.CheckConstraint(
                condition=models.Q(("standing__gte", 1), ("standing__lte", 100)),
                name="influence_standing_range",
            ),
        ),
    ]
