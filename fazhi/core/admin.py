"""Administrators edit the work calendar here; each save recomputes the open deadlines it touches."""

from django.contrib import admin, messages

from fazhi.core.models import CalendarDay, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name", "source", "changed_at"]
    list_filter = ["kind"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        from fazhi.cases.services import calendar_day_set

        if change and "date" in form.changed_data:
            calendar_day_set(day=form.initial["date"], kind=None)
        moved = calendar_day_set(day=obj.date, kind=obj.kind, name=obj.name, source=f"admin:{request.user}")
        obj.pk = CalendarDay.objects.get(date=obj.date).pk
        messages.info(request, f"已重算 {moved} 个办案时限。")

    def delete_model(self, request, obj):
        from fazhi.cases.services import calendar_day_set

        moved = calendar_day_set(day=obj.date, kind=None)
        messages.info(request, f"已重算 {moved} 个办案时限。")

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
