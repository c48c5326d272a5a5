<#ftl output_format="HTML">
<p>Hello ${senderName},</p>
<p>we have received your message and opened case <strong>${caseToken}</strong>.<br>
Please keep ${caseToken} in the subject when you write to us about it.</p>
<p>Subject: ${subject}<#if attachmentCount gt 0><br>Attachments received: ${attachmentCount}</#if></p>
<p>--<br>${accountAddress}</p>
