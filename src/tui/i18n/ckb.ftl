# کوردی (سۆرانی): شاشە سەرەکییەکان. هەر کلیلێک نەبێت لە ئینگلیزییەوە وەردەگیرێت.
login-title = چوونەژوورەوە
dashboard-title = داشبۆرد
queue-title = دۆسیەکان
case-title = دۆسیە
approvals-title = پەسەندکردنەکان
exchange-title = ئاڵوگۆڕ
users-title = بەکارهێنەران
partners-title = کلیلەکانی هاوبەشان
agreements-title = ڕێککەوتنەکان
audit-title = تۆماری وردبینی
lock-title = داخراوە

role-clerk = فەرمانبەری تۆمار
role-officer = فەرمانبەری دۆسیە
role-supervisor = سەرپەرشتیار
role-admin = بەڕێوەبەری سیستەم
role-auditor = وردبین

login-user = بەکارهێنەر
login-passphrase = دەستەواژەی نهێنی

view-all = هەموو
view-closed = داخراو

tab-person = کەس
tab-evidence = بەڵگەکان
tab-decision = بڕیار

referrals-title = ڕەوانەکردنە سپێردراوەکان
follow-ups-title = بەدواداچوونە پێویستەکان
returnee-title = گەڕاوە
providers-title = دابینکەرانی خزمەتگوزاری
reports-title = ڕاپۆرتەکان
