from django import forms


class UploadForm(forms.Form):
    file = forms.FileField(
        label="导入文件（.xlsx）", help_text="请使用本页下载的模板填写；文件按内容检查，只接受 Excel（.xlsx）工作簿。",
        error_messages={"required": "请选择要导入的 Excel 文件。"},
    )


class UndoForm(forms.Form):
    comment = forms.CharField(
        label="撤销原因", widget=forms.Textarea(attrs={"rows": 2}), max_length=500,
        error_messages={"required": "请填写撤销原因。"},
    )
