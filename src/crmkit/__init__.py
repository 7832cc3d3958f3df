"""crmkit: helpers for the « GRC et marketing direct » course.

Modules, one job each:

- :mod:`crmkit.data` — the Super Chef data set (generate, locate, load, validate);
- :mod:`crmkit.economics` — campaign costs, break-even rate, CLV, Pareto, Stobachoff;
- :mod:`crmkit.scoring` — points grids, RFM, gains/lift, mailing depth, logistic score;
- :mod:`crmkit.emailing` — funnel KPIs, A/B test, consent filter, AIDA check;
- :mod:`crmkit.loyalty` — cohorts, churn, personalised offers, multichannel value;
- :mod:`crmkit.plots` — the course's matplotlib look;
- :mod:`crmkit.widgets` — ipywidgets simulators;
- :mod:`crmkit.feedback` — the students' self-check API (``verifier``);
- :mod:`crmkit.grading` — the instructor command line.

>>> import crmkit
>>> crmkit.__version__
'0.1.0'
"""

__version__ = "0.1.0"
