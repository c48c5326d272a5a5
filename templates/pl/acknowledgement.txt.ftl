Dzień dobry,

dziękujemy za wiadomość. Zgłoszenie zostało zarejestrowane pod numerem ${caseToken}.
Pisząc do nas w tej sprawie, prosimy pozostawić ${caseToken} w temacie wiadomości.
<#if unregistered>Ten adres e-mail nie jest jeszcze u nas zarejestrowany, ale zgłoszenie i tak zostanie rozpatrzone.
</#if>
Temat: ${subject}
<#if attachmentCount gt 0>Liczba otrzymanych załączników: ${attachmentCount}
</#if>
--
${accountAddress}
