from django.urls import path

from . import actions, views

app_name = "batches"
urlpatterns = [
    path("", views.batch_list, name="list"),
    path("upload/", views.upload, name="upload"),
    path("template/<str:kind>/<str:language>/", views.template, name="template"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("<int:pk>/rows/", views.rows, name="rows"),
    path("<int:pk>/leave-out/", views.leave_out, name="leave_out"),
    path("<int:pk>/leave-out-problems/", views.leave_out_problems, name="leave_out_problems"),
    path("<int:pk>/preview/", views.preview_again, name="preview"),
    path("<int:pk>/apply/", actions.apply_batch, name="apply"),
    path("<int:pk>/undo/", actions.undo_batch, name="undo"),
    path("<int:pk>/check-unknown/", actions.check_unknown, name="check_unknown"),
    path("<int:pk>/result.csv", views.result_csv, name="result_csv"),
]
