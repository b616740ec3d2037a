"""SYS-SCOPE matrix cases for the statistics (SYS-STATS): the municipal roles and the system unions' roles;
not a grassroots union, not an expert."""

from tests.url_matrix import case

STATS_USERS = {"admin", "reviewer", "secretary", "finance", "auditor", "lixia", "lixia_finance", "lixia_auditor",
               "shizhong", "jiaotong", "jianzhu"}

case("stats:index", STATS_USERS)
case("stats:annual-xlsx", STATS_USERS, query="year=2025")
case("stats:annual-pdf", STATS_USERS, query="year=2025")
