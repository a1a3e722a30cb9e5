"""Write the realistic test documents (raw/) and their hand-made expected bodies (expected/).

Provenance: the texts were written for this project (November 2026) in the style of public-domain US government
documents (White House transcripts and fact sheets, State Department fact sheets and press statements, a CRS
report) and of wire copy, a press release, a blog and a journal, paraphrased from memory; they are not verbatim
copies, and the fictional outlets ("Test Wire", "Test Institute") are invented. Each document's body paragraphs
are written here by hand; the raw file wraps them in the clutter of its genre and layout (site furniture, page
numbers, running heads, hyphenated line breaks, Windows line endings, a byte-order mark, no-break spaces, mixed
quotes). expected/<file> holds one body paragraph per line: what the cleaner should keep, in order.

Run from the repository root: ``python3 tests/data/realistic/make_documents.py`` (rewrites the files; deterministic).
"""
from __future__ import annotations

import textwrap
from pathlib import Path

HERE = Path(__file__).resolve().parent
NBSP = "\u00a0"
DOCS: dict[str, dict] = {}


def doc(file: str, raw: str, body: list[str], speakers: list[str] | None = None, *, crlf: bool = False,
        bom: bool = False) -> None:
    DOCS[file] = {"raw": raw, "body": body, "speakers": speakers, "crlf": crlf, "bom": bom}


def blank(lines: list[str]) -> str:
    return "\n\n".join(lines) + "\n"


def wrap(par: str, width: int, hyphenate: dict[str, str] | None = None) -> list[str]:
    """Hard-wrap a paragraph; words in ``hyphenate`` (word -> 'nego-|tiations') are split at the line end."""
    out = textwrap.wrap(par, width=width, break_long_words=False, break_on_hyphens=False)
    if not hyphenate:
        return out
    fixed = []
    carry = ""
    for line in out:
        line = (carry + " " + line).strip() if carry else line
        carry = ""
        words = line.split(" ")
        nxt = words[-1].rstrip(".,;:")
        if nxt in hyphenate and len(words) > 1:
            head, tail = hyphenate[nxt].split("|")
            punct = words[-1][len(nxt):]
            line = " ".join(words[:-1] + [head])
            carry = tail + punct
        fixed.append(line)
    if carry:
        fixed.append(carry)
    return fixed


# 1. White House joint press availability (transcript, blank-line paragraphs, capitalised speaker labels)
P1 = [
    ("PRESIDENT MEDVEDEV", "(As translated.) Mr. President, ladies and gentlemen, we have just completed a long and "
     "substantive round of talks, and I would like to say that they were open, businesslike and constructive."),
    ("PRESIDENT MEDVEDEV", "We agreed on the main parameters of a new treaty to replace the START agreement, which "
     "expires in December, and we signed a joint understanding that will guide our negotiators in Geneva."),
    ("PRESIDENT OBAMA", "Thank you very much, President Medvedev, for your hospitality. I came to Moscow because the "
     "United States and Russia have an obligation to work together on the issues that matter to both of our peoples."),
    ("PRESIDENT OBAMA", "The President and I agreed that the relationship had drifted, and that we must \"reset\" it "
     "on the basis of mutual respect and mutual interests. That work has begun today, but it is far from finished."),
    ("Q", "Mr. President, a question for both leaders. Did you narrow your differences on missile defense in Europe, "
     "or does that issue remain a stumbling block for the treaty?"),
    ("PRESIDENT OBAMA", "We agreed that offensive and defensive weapons are related, and that this relationship will "
     "be discussed. But the review of our missile defense plans is not finished, and I will not prejudge it."),
    ("PRESIDENT MEDVEDEV", "(As translated.) I would add that we have only begun this conversation, and I am "
     "satisfied that our positions are now understood better than they were a few months ago."),
]
doc("2009-07_white-house_joint-press-availability.txt",
    "Skip to main content\n\nThe White House\nOffice of the Press Secretary\nFor Immediate Release July 06, 2009\n\n"
    "Remarks by President Obama and President Medvedev of Russia at Joint Press Availability\n\n"
    "Kremlin, Moscow, Russia\n\n1:58 P.M. MSK\n\n"
    + blank([f"{s}: {t}" if i in (0, 2, 4, 5, 6) else t for i, (s, t) in enumerate(P1)])
    + "\nEND 2:45 P.M. MSK\n",
    [t.replace("(As translated.) ", "") if i in (0, 6) else t for i, (s, t) in enumerate(P1)],
    [s for s, _ in P1])

# 2. White House fact sheet: one paragraph per line, bullets, subheadings, no blank lines
FS = [
    "Treaty Structure: The New START Treaty is made up of three tiers of increasing detail. The first tier is the "
    "Treaty text itself. The second tier is a Protocol to the Treaty, which contains additional rights and "
    "obligations. The third tier consists of Technical Annexes to the Protocol.",
    "#Strategic Offensive Limits",
    "Under the Treaty, the U.S. and Russia will be limited to significantly fewer strategic arms within seven years "
    "from the date the Treaty enters into force. Each Party has the flexibility to determine for itself the "
    "structure of its strategic forces within the aggregate limits of the Treaty.",
    "Aggregate limits:",
    "• 1,550 warheads. Warheads on deployed ICBMs and deployed SLBMs count toward this limit, and each deployed "
    "heavy bomber equipped for nuclear armaments counts as one warhead toward this limit.",
    "• A combined limit of 800 deployed and non-deployed ICBM launchers, SLBM launchers, and heavy bombers equipped "
    "for nuclear armaments",
    "• A separate limit of 700 deployed ICBMs, deployed SLBMs, and deployed heavy bombers equipped for nuclear "
    "armaments",
    "#Verification and Transparency",
    "The Treaty has a verification regime that combines appropriate elements of the 1991 START Treaty with new "
    "elements tailored to the limitations of the Treaty. Measures include on-site inspections and exhibitions, data "
    "exchanges and notifications, and provisions to facilitate the use of national technical means.",
    "#Treaty Terms",
    "The Treaty's duration will be ten years, unless superseded by a subsequent agreement. The Parties may agree to "
    "extend the Treaty for a period of no more than five years.",
]
doc("2010-03_white-house_fact-sheet-new-start.txt",
    "THE WHITE HOUSE\nOffice of the Press Secretary\nFor Immediate Release March 26, 2010\n"
    "Key Facts about the New START Treaty\n" + "\n".join(x.lstrip("#") for x in FS)
    + "\nFor more information on the New START Treaty, please visit:\nhttp://www.state.gov/t/vci/trty/126118.htm\n",
    [x for x in FS if not x.startswith("#")])

# 3. State Department fact sheet: Windows line endings and a byte-order mark, site frame around it
SF = [
    "The New START Treaty provides for up to eighteen on-site inspections each year. Type One inspections focus on "
    "sites with deployed and non-deployed strategic systems; Type Two inspections focus on sites with only "
    "non-deployed strategic systems.",
    "Each Party may conduct up to ten Type One inspections and up to eight Type Two inspections annually. The "
    "inspections allow the Parties to confirm the accuracy of declared data on the numbers of warheads located on "
    "designated deployed ICBMs and SLBMs.",
    "The Treaty also establishes a database of information on the numbers, locations and technical characteristics "
    "of weapons systems and facilities, updated every six months and through notifications when changes occur.",
    "Unique identifiers are assigned to each ICBM, SLBM and heavy bomber. These identifiers are included in "
    "notifications and help track the status of individual items of inspectable equipment over their life.",
]
FOOT = ("The Office of Website Management, Bureau of Public Affairs, manages this site as a portal for information "
        "from the U.S. State Department. External links to other Internet sites should not be construed as an "
        "endorsement of the views or privacy policies contained therein.")
doc("2010-04_state-department_fact-sheet-inspections.txt",
    "U.S. Department of State\nDiplomacy in Action\n\nFact Sheet\nBureau of Verification, Compliance, and "
    "Implementation\nWashington, DC\nApril 8, 2010\n\nNew START Treaty Inspection Activities\n\n"
    + blank(SF) + "\nBack to Top\n\n" + FOOT + "\n",
    SF, crlf=True, bom=True)

# 4. Joint statement: no-break spaces and mixed curly/straight quotes
JS = [
    "We, the leaders of the Russian Federation and the United States of America, reaffirm that the era when our "
    "countries viewed each other as enemies is long over, and recognize our many common interests.",
    "Today we established an agenda for the relationship between Russia and the United States, looking forward to "
    "“substantive” cooperation in the months ahead and to the \"reset\" both governments have announced.",
    "We agreed to pursue new and verifiable reductions in our strategic offensive arsenals in a step-by-step "
    "process, beginning by replacing the START Treaty with a new, legally binding treaty.",
    "We discussed missile defense issues, both the prospects for new forms of cooperation and the areas where "
    "differences remain, and instructed our experts to continue the dialogue.",
    "We support the Six-Party Talks and agreed to work together on Afghanistan, where the Russian Federation has "
    "offered to allow transit of non-military goods for the international forces.",
]
doc("2009-04_white-house_joint-statement-london.txt",
    "Joint Statement by President Dmitriy A. Medvedev of the Russian Federation and President Barack Obama of the "
    "United States of America\n\nLondon, April 1, 2009\n\n"
    + blank([p.replace(". ", "." + NBSP + " ").replace("United States", "United" + NBSP + "States") for p in JS])
    + "\n", JS)

# 5. White House press briefing: MR. GIBBS: and bare Q labels
GB = [
    ("MR. GIBBS", "Good afternoon. Before I take your questions, let me give you a quick rundown of the "
     "President's meeting this morning with President Medvedev and the lunch that will follow."),
    ("MR. GIBBS", "The two Presidents will discuss trade, Russia's accession to the World Trade Organization, "
     "and cooperation on Iran and Afghanistan, and they will visit a restaurant in Arlington together."),
    ("Q", "Robert, does the President believe the reset has produced anything concrete beyond the arms treaty?"),
    ("MR. GIBBS", "I think the list is long. We have a new START treaty, cooperation on transit to Afghanistan, and "
     "a common position on sanctions against Iran in the Security Council. That is not nothing."),
    ("Q", "Is the administration still committed to Russia joining the WTO this year?"),
    ("MR. GIBBS", "We are committed to working through the remaining issues as quickly as we can, and the "
     "President will say so today."),
]
doc("2010-06_white-house_press-briefing.txt",
    "THE WHITE HOUSE\nOffice of the Press Secretary\nFor Immediate Release June 24, 2010\n\n"
    "Press Briefing by Press Secretary Robert Gibbs\n\nJames S. Brady Press Briefing Room\n\n12:47 P.M. EDT\n\n"
    + blank([f"{s}: {t}" if s != "Q" else f"Q {t}" for s, t in GB]) + "\nEND 1:30 P.M. EDT\n",
    [t for _, t in GB], [s for s, _ in GB])

# 6. Wire copy: dateline in the first paragraph, agency credits and copyright at the end
WR = [
    "GENEVA, March 6 (Test Wire) - U.S. Secretary of State Hillary Clinton and Russian Foreign Minister Sergei "
    "Lavrov on Friday pressed a red button to symbolize a \"reset\" of relations, but the Russian word printed on "
    "it meant \"overload\" rather than \"reset.\"",
    "\"We worked hard to get the right Russian word. Do you think we got it?\" Clinton asked, handing Lavrov the "
    "gift. \"You got it wrong,\" Lavrov replied, to laughter from both delegations.",
    "The two ministers then held talks over dinner on a replacement for the START treaty, Afghanistan and Iran's "
    "nuclear program, issues on which Washington hopes for closer cooperation with Moscow.",
    "Lavrov told reporters the meeting had been \"very good\" and that the two sides had agreed to prepare a "
    "meeting of their presidents in London next month.",
]
doc("2009-03_test-wire_reset-button-geneva.txt",
    "Clinton, Lavrov push \"reset\" button, with a typo\n\nBy Test Wire staff\n\n" + blank(WR)
    + "\n(Reporting by A. Writer; Editing by B. Editor)\n\n© Test Wire 2009. All rights reserved.\n\n"
    "Related Coverage\n", WR)

# 7. Press release: end mark, then contacts and an "About us" paragraph
PR = [
    "WASHINGTON, D.C. (January 26, 2011) — The Test Institute today welcomed the entry into force of the New START "
    "Treaty, calling it the most important arms control agreement between the United States and Russia in nearly "
    "two decades.",
    "“The treaty restores on-site inspections that lapsed in 2009 and gives both countries predictability about "
    "each other’s forces,” said the Institute’s director. “That is good for security and good for the reset.”",
    "The Institute will publish a guide to the treaty’s verification provisions next month and hold a public "
    "briefing for congressional staff in the spring.",
]
doc("2011-01_test-institute_press-release.txt",
    "FOR IMMEDIATE RELEASE\nContact: Media Office, (202) 555-0143\n\n"
    "Test Institute Welcomes Entry into Force of New START\n\n" + blank(PR)
    + "\n###\n\nAbout the Test Institute: The Test Institute is an independent research organization founded in "
    "1990 that studies arms control and international security.\n", PR)

# 8. Blog post with an Italian Blogger footer
BL = [
    "The spy swap in Vienna last week was the strangest episode of the reset so far. Ten Russian agents arrested "
    "in the United States were flown to Austria and exchanged for four men held in Russian prisons.",
    "What struck me is how quickly both governments moved to close the story. Nobody in Washington or Moscow "
    "wanted a scandal to spoil the warm mood after President Medvedev's visit to California.",
    "That tells us something about the reset: it is a decision at the top, protected by both presidents, rather "
    "than a change in how the two bureaucracies see each other.",
]
doc("2010-07_blogspot_spy-swap.txt",
    "Notes from the Reset\n\nvenerdì 9 luglio 2010\n\nThe spy swap and what it says about the reset\n\n"
    + blank(BL) + "\nPubblicato da Marco R. alle 18:42\n\nNessun commento:\n\nPosta un commento\n\n"
    "Post più recente Post più vecchio Home page\n\nIscriviti a: Commenti sul post (Atom)\n", BL)

# 9. PDF-to-text report: hard-wrapped, page numbers, running heads, hyphenated line breaks, form feeds
RP = [
    "Since 2009 the Obama Administration has sought to improve relations with Russia, a policy it calls the "
    "reset. The Administration argues that the policy has produced concrete results, including the New START "
    "Treaty, cooperation on the transit of supplies to Afghanistan, and Russian support for sanctions on Iran.",
    "Critics counter that the policy has required concessions from the United States, for example on missile "
    "defense in Europe, while Russia has not changed its behavior toward its neighbors, and that it pays too "
    "little attention to human rights and the rule of law inside Russia.",
    "Congress has played a role through the Senate's advice and consent to ratification of the treaty in "
    "December 2010, and through oversight hearings on the reset and on Russia's accession to the World Trade "
    "Organization, which would require the repeal of the Jackson-Vanik amendment.",
    "This report will be updated as events warrant. It first describes the context of the relationship, then the "
    "main issues in the bilateral agenda, and finally the options for congressional action.",
]
HY = {"Administration": "Adminis-|tration", "concessions": "conces-|sions", "ratification": "ratifi-|cation",
      "congressional": "congres-|sional"}
pages = [[], [], []]
for i, par in enumerate(RP):
    pages[min(i, 2) if i < 3 else 2].append(wrap(par, 72, HY))
HEAD = "U.S.-Russian Relations: Issues for Congress"
raw9 = ["U.S.-Russian Relations: Issues for Congress", "", "Steven Example", "Specialist in European Affairs", "",
        "February 2, 2011", "", "Congressional Research Service", "", "Summary", ""]
for n, page in enumerate(pages, start=1):
    if n > 1:
        raw9 += ["\f" + HEAD, ""]
    for par in page:
        raw9 += par + [""]
    raw9 += [f"CRS-{n}", ""]
doc("2011-02_crs_report-us-russian-relations.txt", "\n".join(raw9) + "\n", RP)

# 10. PDF-to-text without blank lines: indented first lines, "- n -" page numbers, a running head, a page break
#     in mid-paragraph
AJ = [
    "Arms control was the first and most visible achievement of the reset, and it remains the area in which the "
    "two governments cooperate most easily, because both have an interest in predictability and in the prestige "
    "that a treaty between nuclear superpowers still confers.",
    "Yet the treaty also showed the limits of the policy. The ratification debate in the Senate tied the treaty to "
    "the modernization of the American nuclear complex, and the Russian Duma attached its own interpretations on "
    "missile defense, so that each side ratified a slightly different bargain.",
    "The next step, reductions in non-strategic weapons, will be harder, since Russia sees its tactical arsenal as "
    "compensation for conventional inferiority and has no interest in trading it away.",
]
HY2 = {"predictability": "predict-|ability", "interpretations": "interpre-|tations"}
raw10 = ["ARMS CONTROL AFTER THE RESET", "A Test Journal essay", "March 2012"]
for i, par in enumerate(AJ):
    lines = wrap(par, 66, HY2)
    lines[0] = "    " + lines[0]
    if i == 1:  # page break in the middle of the second paragraph
        raw10 += lines[:2] + ["- 1 -", "Test Journal of Arms Control"] + lines[2:]
    else:
        raw10 += lines
raw10 += ["- 2 -", "Test Journal of Arms Control"]
raw10.insert(3, "Test Journal of Arms Control")
doc("2012-03_test-journal_arms-control-essay.txt", "\n".join(raw10) + "\n", AJ)

# 11. White House speech: one label, (Applause.) in the text, no-break spaces, mixed quotes
SP = [
    "Thank you. Thank you so much. (Applause.) Please, everybody be seated. It is a great honor to be here at the "
    "New Economic School, and to speak to so many young people who will shape the future of Russia.",
    "Let me begin by saying that I believe the United States and Russia share common interests. That’s why I have "
    "said that we want to “reset” relations, and why I came to Moscow with that purpose in mind.",
    "America wants a strong, peaceful, and prosperous Russia. This belief is rooted in our respect for the Russian "
    "people, and in a shared history between our nations that goes beyond competition. (Applause.)",
    "In 2009, a great power does not show strength by dominating or demonizing other countries. The days when "
    "empires could treat sovereign states as pieces on a chess board are over.",
]
doc("2009-07_white-house_remarks-new-economic-school.txt",
    "The White House\nOffice of the Press Secretary\nFor Immediate Release July 07, 2009\n\n"
    "Remarks by the President at the New Economic School Graduation\n\nGostinny Dvor, Moscow, Russia\n\n"
    "11:05 A.M. MSK\n\n"
    + blank(["PRESIDENT OBAMA: " + SP[0]] + [p.replace("Russia", "Russia" + NBSP, 1) if i == 1 else p
                                               for i, p in enumerate(SP[1:], start=1)])
    + "\nEND 11:40 A.M. MSK\n",
    [p.replace("Russia" + NBSP, "Russia ") for p in SP], ["PRESIDENT OBAMA"] * len(SP))

# 12. State Department press statement: Windows line endings, site frame, share buttons, a site footer
ST = [
    "The Russian Government has informed us of its decision to end USAID activities in the Russian Federation. "
    "We are proud of what USAID has accomplished in Russia over the past two decades, and we will work with our "
    "partners to ensure an orderly closeout of its programs.",
    "Since 1992, USAID has invested some $2.7 billion in programs to help the Russian people improve public health, "
    "protect the environment, and strengthen civil society.",
    "While USAID's physical presence in Russia will end, the United States remains committed to supporting "
    "democracy, human rights, and the development of a more robust civil society in Russia.",
]
doc("2012-09_state-department_press-statement-usaid.txt",
    "Skip to main content\n\nU.S. Department of State\nDiplomacy in Action\n\nPress Statement\n\n"
    "Victoria Nuland\nDepartment Spokesperson\nWashington, DC\nSeptember 18, 2012\n\n"
    "USAID in Russia\n\n" + blank(ST) + "\nShare\nPrint\n\nBack to Top\n\n" + FOOT + "\n",
    ST, crlf=True)

# 13. Kremlin-style transcript: one paragraph per line, mixed-case labels ending in a period
KR = [
    ("President Medvedev", "Ladies and gentlemen, we have just finished our talks, which lasted longer than "
     "planned, and I can say that they were very frank and very productive."),
    ("President Medvedev", "We discussed the ratification of the treaty, Russia's accession to the World Trade "
     "Organisation and the situation in Kyrgyzstan, where we agreed to coordinate our assistance."),
    ("President Obama", "Thank you, Dmitry. I want to thank President Medvedev for a visit that has shown what the "
     "reset can achieve when both sides are willing to take practical steps."),
    ("Question", "A question for both presidents: what is the next step after the treaty is ratified?"),
    ("President Obama", "The next step is to build on the treaty with further reductions, including in tactical "
     "weapons, and to deepen our economic ties, which remain far too thin."),
]
doc("2010-06_kremlin_joint-press-conference.txt",
    "Joint press conference with US President Barack Obama\nJune 24, 2010, Washington\n"
    + "\n".join(f"{s}. {t}" if i in (0, 2, 3, 4) else t for i, (s, t) in enumerate(KR))
    + "\nPrint version\nPublished in sections: News, Transcripts\n",
    [t for _, t in KR], [s for s, _ in KR])

# 14. Wire copy one paragraph per line, Windows line endings, an "Advertisement" slot in mid-story
W2 = [
    "WASHINGTON/MOSCOW, March 17 (Test Wire) - The United States and the European Union imposed sanctions on "
    "Russian and Ukrainian officials on Monday, a day after Crimea voted to join Russia in a referendum the West "
    "called illegal.",
    "President Barack Obama said the measures targeted individuals responsible for undermining the sovereignty of "
    "Ukraine and warned that more would follow if Russia continued to intervene.",
    "The sanctions freeze the assets of seven Russian officials, including advisers close to President Vladimir "
    "Putin, and bar them from travelling to the United States.",
    "Five years after the reset, the measures mark the lowest point in relations between the two countries since "
    "the end of the Cold War, analysts said.",
]
doc("2014-03_test-wire_crimea-sanctions.txt",
    "U.S., EU sanction Russian officials over Crimea vote\n" + "\n".join(W2[:2]) + "\nAdvertisement\n"
    + "\n".join(W2[2:]) + "\n(Reporting by C. Reporter in Washington and D. Correspondent in Moscow)\n"
    "Our Standards: The Test Wire Trust Principles.\n", W2, crlf=True)

# 15. A clean text (metadata cleaning = none): a real paragraph that a site rule would otherwise remove
CL = [
    "More from Moscow: the foreign ministry said on Tuesday that it expected the new ambassador to arrive before "
    "the summer, after months in which the post had been left empty.",
    "The appointment was read in Washington as a modest sign that both governments want to keep channels open "
    "despite the sanctions.",
]
doc("2013-05_test-notes_clean-text.txt", blank(CL), CL)


METADATA = """id,file,title,outlet,author,date,date_precision,date_evidence,genre,outlet_country,leaders,url,cleaning
rl_wh_presser_2009,2009-07_white-house_joint-press-availability.txt,Remarks by President Obama and President Medvedev at Joint Press Availability,The White House,unknown,2009-07-06,day,dateline (written for the test),transcript,United States,Obama–Medvedev,unknown,
rl_wh_factsheet_2010,2010-03_white-house_fact-sheet-new-start.txt,Key Facts about the New START Treaty,The White House,unknown,2010-03-26,day,dateline (written for the test),fact sheet,United States,Obama–Medvedev,unknown,
rl_state_factsheet_2010,2010-04_state-department_fact-sheet-inspections.txt,New START Treaty Inspection Activities,U.S. Department of State,unknown,2010-04-08,day,dateline (written for the test),fact sheet,United States,Obama–Medvedev,unknown,
rl_joint_2009,2009-04_white-house_joint-statement-london.txt,Joint Statement by President Medvedev and President Obama,The White House,unknown,2009-04-01,day,dateline (written for the test),joint statement,United States,Obama–Medvedev,unknown,
rl_wh_briefing_2010,2010-06_white-house_press-briefing.txt,Press Briefing by Press Secretary Robert Gibbs,The White House,unknown,2010-06-24,day,dateline (written for the test),transcript,United States,Obama–Medvedev,unknown,
rl_wire_2009,2009-03_test-wire_reset-button-geneva.txt,"Clinton, Lavrov push reset button, with a typo",Test Wire,unknown,2009-03-06,day,dateline (written for the test),wire copy,unknown,Obama–Medvedev,unknown,
rl_release_2011,2011-01_test-institute_press-release.txt,Test Institute Welcomes Entry into Force of New START,Test Institute,unknown,2011-01-26,day,dateline (written for the test),press release,United States,Obama–Medvedev,unknown,
rl_blog_2010,2010-07_blogspot_spy-swap.txt,The spy swap and what it says about the reset,Notes from the Reset,unknown,2010-07-09,day,dateline (written for the test),blog post,Italy,Obama–Medvedev,unknown,
rl_crs_2011,2011-02_crs_report-us-russian-relations.txt,U.S.-Russian Relations: Issues for Congress,Congressional Research Service,Steven Example,2011-02-02,day,title page (written for the test),report,United States,Obama–Medvedev,unknown,
rl_journal_2012,2012-03_test-journal_arms-control-essay.txt,Arms Control after the Reset,Test Journal of Arms Control,unknown,2012-03,month,title page (written for the test),essay,unknown,Obama–Medvedev,unknown,
rl_wh_speech_2009,2009-07_white-house_remarks-new-economic-school.txt,Remarks by the President at the New Economic School Graduation,The White House,unknown,2009-07-07,day,dateline (written for the test),speech,United States,Obama–Medvedev,unknown,
rl_state_statement_2012,2012-09_state-department_press-statement-usaid.txt,USAID in Russia,U.S. Department of State,Victoria Nuland,2012-09-18,day,dateline (written for the test),press statement,United States,Obama–Putin,unknown,
rl_kremlin_2010,2010-06_kremlin_joint-press-conference.txt,Joint press conference with US President Barack Obama,Kremlin,unknown,2010-06-24,day,dateline (written for the test),transcript,Russia,Obama–Medvedev,unknown,
rl_wire_2014,2014-03_test-wire_crimea-sanctions.txt,"U.S., EU sanction Russian officials over Crimea vote",Test Wire,unknown,2014-03-17,day,dateline (written for the test),wire copy,unknown,Obama–Putin,unknown,
rl_clean_2013,2013-05_test-notes_clean-text.txt,A new ambassador,Test Notes,unknown,2013-05,month,written for the test,news report,unknown,Obama–Putin,unknown,none
"""

BOILERPLATE = """pattern,name,block_type,example
"^The Office of Website Management, Bureau of Public Affairs, manages this site",State Department site footer,boilerplate,The Office of Website Management ...
^Our Standards: ,wire standards link,boilerplate,Our Standards: The Test Wire Trust Principles.
^Published in sections: ,Kremlin site sections,boilerplate,"Published in sections: News, Transcripts"
"""


def main() -> None:
    (HERE / "raw").mkdir(exist_ok=True)
    (HERE / "expected").mkdir(exist_ok=True)
    for file, d in DOCS.items():
        raw = d["raw"].replace("\n", "\r\n") if d["crlf"] else d["raw"]
        data = raw.encode("utf-8")
        (HERE / "raw" / file).write_bytes(("\ufeff".encode("utf-8") if d["bom"] else b"") + data)
        (HERE / "expected" / file).write_text("\n".join(d["body"]) + "\n", encoding="utf-8")
        if d["speakers"]:
            (HERE / "expected" / (file[:-4] + ".speakers")).write_text("\n".join(d["speakers"]) + "\n",
                                                                        encoding="utf-8")
    (HERE / "metadata.csv").write_text(METADATA, encoding="utf-8")
    (HERE / "boilerplate.csv").write_text(BOILERPLATE, encoding="utf-8")


if __name__ == "__main__":
    main()
