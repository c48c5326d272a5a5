<#ftl output_format="HTML">
<!DOCTYPE html>
<html lang="pl">
<head><meta charset="UTF-8" /></head>
<body>
<p>Dzień dobry,</p>
<p>dziękujemy za wiadomość. Zgłoszenie zostało zarejestrowane pod numerem <strong>${caseToken}</strong>.<br />
Pisząc do nas w tej sprawie, prosimy pozostawić ${caseToken} w temacie wiadomości.</p>
<#if unregistered><p>Ten adres e-mail nie jest jeszcze u nas zarejestrowany, ale zgłoszenie i tak zostanie rozpatrzone.</p>
</#if>
<p>Temat: ${subject}<#if attachmentCount gt 0><br />
Liczba otrzymanych załączników: ${attachmentCount}</#if></p>
<p>--<br />
${accountAddress}</p>
</body>
</html>
