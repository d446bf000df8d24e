from django.urls import path

from rapport.contacts import views

app_name = "contacts"
urlpatterns = [
    path("", views.contact_list, name="list"),
    path("import/", views.import_upload, name="import"),
    path("import/<id:import_id>/", views.import_preview, name="preview"),
    path("import/<id:import_id>/progress/", views.import_progress, name="progress"),
    path("import/<id:import_id>/<str:action>/", views.import_action, name="import_action"),
    path("merges/", views.merge_list, name="merges"),
    path("merges/<id:merge_id>/undo/", views.merge_undo, name="merge_undo"),
    path("invite/", views.invite, name="invite"),
    path("delete/", views.delete, name="delete"),
    path("export/", views.export, name="export"),
    path("opt-out/<str:token>/", views.opt_out, name="opt_out"),
]
