"""Administrators edit the work calendar here; each save moves the open deadlines it touches (core.calendar)."""

from django.contrib import admin, messages

from fazhi.core.calendar import calendar_day_set
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
        if change and "date" in form.changed_data:
            calendar_day_set(day=form.initial["date"], kind=None)
        moved = calendar_day_set(day=obj.date, kind=obj.kind, name=obj.name, source=f"admin:{request.user}")
        obj.pk = CalendarDay.objects.get(date=obj.date).pk
        messages.info(request, f"已重算 {moved} 个办案时限。")

    def delete_model(self, request, obj):
        moved = calendar_day_set(day=obj.date, kind=None)
        messages.info(request, f"已重算 {moved} 个办案时限。")

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
