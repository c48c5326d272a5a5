Not filed: ${subject}
