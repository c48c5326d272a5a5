<#ftl output_format="HTML">
<!DOCTYPE html>
<html lang="en">
<head><meta charset="UTF-8" /></head>
<body>
<p>Hello ${senderName},</p>
<p>we have received your message and opened case <strong>${caseToken}</strong>.<br />
Please keep ${caseToken} in the subject when you write to us about it.</p>
<#if unregistered><p>Your address is not registered with us yet; your request will be looked at all the same.</p>
</#if>
<p>Subject: ${subject}<#if attachmentCount gt 0><br />
Attachments received: ${attachmentCount}</#if></p>
<p>--<br />
${accountAddress}</p>
</body>
</html>
