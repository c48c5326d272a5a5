<#ftl output_format="XHTML">
<#-- The PDF report of a case (CaseReport). openhtmltopdf parses this as XML: keep it well-formed XHTML. -->
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="en">
<head>
<meta charset="UTF-8"/>
<title>Case ${caseToken}</title>
<style>
  @page { size: A4; margin: 18mm 16mm 20mm 16mm;
          @bottom-right { content: "Page " counter(page) " of " counter(pages);
                          font-family: sans-serif, 'Liberation Sans'; font-size: 8pt; color: #555; } }
  body { font-family: sans-serif, 'Liberation Sans'; font-size: 10pt; line-height: 1.35; color: #000; }
  h1 { font-size: 15pt; margin: 0 0 2mm 0; }
  h2 { font-size: 11.5pt; margin: 6mm 0 2mm 0; border-bottom: 0.5pt solid #888; }
  table { width: 100%; border-collapse: collapse; }
  th, td { text-align: left; vertical-align: top; padding: 1mm 2mm 1mm 0; word-wrap: break-word; }
  table.facts th { width: 32mm; font-weight: bold; }
  table.list th { border-bottom: 0.5pt solid #888; font-size: 9pt; }
  table.list td { border-bottom: 0.25pt solid #ccc; font-size: 9pt; }
  .comment { margin: 0 0 4mm 0; page-break-inside: auto; }
  .comment .meta { font-size: 9pt; color: #333; border-bottom: 0.25pt solid #ccc; margin-bottom: 1mm; }
  .comment .text { white-space: pre-wrap; word-wrap: break-word; }
  .none { color: #555; font-style: italic; }
  .num { text-align: right; }
</style>
</head>
<body>
<h1>Case ${caseToken}: ${subject}</h1>
<#if generatedAt?has_content><p class="none">Report of ${generatedAt}</p></#if>

<table class="facts">
  <tr><th>Case</th><td>${caseToken} (number ${caseNumber?c})</td></tr>
  <tr><th>Subject</th><td>${subject}</td></tr>
  <tr><th>Status</th><td>${status}</td></tr>
  <tr><th>Opened</th><td>${openedAt}</td></tr>
  <tr><th>Closed</th><td><#if closedAt?has_content>${closedAt}<#else><span class="none">not closed</span></#if></td></tr>
  <tr><th>Client</th><td><#if clientName?has_content>${clientName}<#else><span class="none">none</span></#if></td></tr>
  <tr><th>Sender</th><td><#if senderName?has_content>${senderName} </#if><#if senderAddress?has_content>&lt;${senderAddress}&gt;</#if><#if !senderName?has_content && !senderAddress?has_content><span class="none">unknown</span></#if></td></tr>
  <tr><th>Assignee</th><td><#if assigneeName?has_content>${assigneeName}<#if assigneeAddress?has_content> &lt;${assigneeAddress}&gt;</#if><#else><span class="none">none</span></#if></td></tr>
  <tr><th>Queue</th><td><#if queue?has_content>${queue}<#else><span class="none">none</span></#if></td></tr>
</table>

<h2>Comments (${comments?size})</h2>
<#list comments as c>
<div class="comment">
  <div class="meta"><strong>${c.author}</strong> - ${c.at}<#if c.nonParticipant> (not a participant of the case)</#if></div>
  <div class="text">${c.text}</div>
<#if c.omitted gt 0>  <p class="none">(${c.omitted?c} more characters not shown here; the full text is on the case)</p>
</#if></div>
<#else>
<p class="none">No comments.</p>
</#list>

<h2>Attachments (${attachments?size})</h2>
<#if attachments?has_content>
<table class="list">
  <tr><th>File name</th><th>Content type</th><th class="num">Size</th></tr>
<#list attachments as a>
  <tr><td>${a.filename}</td><td>${a.contentType}</td><td class="num">${a.sizeText}</td></tr>
</#list>
</table>
<#else>
<p class="none">No attachments.</p>
</#if>

<h2>Events (${events?size})</h2>
<#if events?has_content>
<table class="list">
  <tr><th>At</th><th>Event</th><th>Detail</th><th>By</th></tr>
<#list events as e>
  <tr><td>${e.at}</td><td>${e.event}</td><td>${e.detail}</td><td>${e.actor}</td></tr>
</#list>
</table>
<#else>
<p class="none">No events.</p>
</#if>
</body>
</html>
