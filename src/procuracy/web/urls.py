from django.urls import path

from . import dashboard, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("cases/<uuid:case_id>/", views.case_detail, name="case"),
    path("cases/<uuid:case_id>/events/<str:event_type>/", views.case_event, name="case_event"),
    path(
        "cases/<uuid:case_id>/events/<str:event_type>/form/",
        views.case_event_form,
        name="case_event_form",
    ),
    path("cases/<uuid:case_id>/correct/", views.case_correct, name="case_correct"),
    path("cases/<uuid:case_id>/assign/", views.case_assign, name="case_assign"),
    path(
        "cases/<uuid:case_id>/monitoring-notice/", views.monitoring_notice, name="monitoring_notice"
    ),
    path("approvals/<int:request_id>/", views.approval_decide, name="approval"),
    path("intake/", views.intake, name="intake"),
    path("monitoring/", views.monitoring, name="monitoring"),
    path("search/", views.search, name="search"),
    path("figures/", dashboard.dashboard, name="dashboard"),
    path("figures/export.xlsx", dashboard.export_xlsx, name="figures_export"),
    path("figures/report/", dashboard.work_report, name="work_report"),
    path("figures/report.docx", dashboard.work_report_docx, name="work_report_docx"),
    path("figures/<str:figure_id>/", dashboard.drill, name="figure_drill"),
    path("parties/check-id/", views.check_id, name="check_id"),
    path("charges/datalist/", views.charges_datalist, name="charges_datalist"),
    path("health/", views.health, name="health"),
]
