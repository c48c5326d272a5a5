<#ftl output_format="HTML">
<!DOCTYPE html>
<html lang="en">
<head><meta charset="UTF-8" /></head>
<body>
<p>Hello ${senderName},</p>
<p>we could not file your message "${subject}":<br />
${reason}</p>
<p>--<br />
${accountAddress}</p>
</body>
</html>
