// A shortened copy of services/domain/frameworks/weltoffene-kommune.json (three indicators
// per field) for the stub. The real framework comes from the API.

import type { Framework } from '../types';
import type { Language, Localized } from '../../domain';

interface LocalizedFramework {
  id: string;
  version: number;
  title: Localized;
  description: Localized;
  fields: {
    id: string;
    title: Localized;
    description: Localized;
    weight: number;
    indicators: { id: string; title: Localized; help: Localized }[];
  }[];
}

/** The framework in one language, as the API will send it. */
export function frameworkIn(language: Language): Framework {
  const f = FRAMEWORK;
  return {
    id: f.id,
    version: f.version,
    title: f.title[language],
    description: f.description[language],
    fields: f.fields.map((field) => ({
      id: field.id,
      title: field.title[language],
      description: field.description[language],
      weight: field.weight,
      indicators: field.indicators.map((i) => ({ id: i.id, title: i.title[language], help: i.help[language] })),
    })),
  };
}

export const FRAMEWORK: LocalizedFramework = {
  "id": "weltoffene-kommune",
  "version": 1,
  "title": {
    "de": "Selbstcheck Weltoffene Kommune",
    "en": "Weltoffene Kommune self-check"
  },
  "description": {
    "de": "Schätzen Sie für jedes Handlungsfeld ein, wo Ihre Kommune steht. Ihre Antworten werden automatisch gespeichert; erst mit dem Absenden werden sie festgeschrieben.",
    "en": "For each field of action, rate where your municipality stands. Your answers are saved automatically; they are only fixed once you submit."
  },
  "fields": [
    {
      "id": "governance",
      "title": {
        "de": "Strategie und Steuerung",
        "en": "Strategy and governance"
      },
      "description": {
        "de": "Wie verbindlich die Kommune Integration und Vielfalt plant, steuert, finanziert und überprüft. Gewicht 1,5, weil dieses Feld die Bestandsaufnahme und Planung aufgreift, um die es im Selbstcheck geht.",
        "en": "How firmly the municipality plans, steers, funds and reviews its work on integration and diversity. Weight 1.5, because this field takes up the stock-taking and planning that the self-check is about."
      },
      "weight": 1.5,
      "indicators": [
        {
          "id": "governance-strategy",
          "title": {
            "de": "Ein beschlossenes Integrations- oder Vielfaltskonzept mit Zielen und Maßnahmen liegt vor",
            "en": "An adopted integration or diversity strategy with goals and measures is in place"
          },
          "help": {
            "de": "Stufe 1 heißt etwa: Eckpunkte sind in Arbeit. Stufe 3: Der Rat hat ein Konzept mit Zielen, Zuständigkeiten und Zeitplan beschlossen, und die Fachbereiche richten ihre Arbeit danach aus. Stufe 4: Die Umsetzung wird regelmäßig überprüft und das Konzept fortgeschrieben.",
            "en": "Level 1 would be, for example, that key points are being drafted. Level 3: the council has adopted a strategy with goals, responsibilities and a timetable, and departments align their work with it. Level 4: implementation is reviewed regularly and the strategy is updated."
          }
        },
        {
          "id": "governance-responsibility",
          "title": {
            "de": "Die Zuständigkeit für Integration und Vielfalt ist klar geregelt",
            "en": "Responsibility for integration and diversity is clearly assigned"
          },
          "help": {
            "de": "Eine Stelle oder Person koordiniert das Thema mit einem schriftlichen Auftrag, zum Beispiel ein Integrationsbüro oder die Stelle der Integrationsbeauftragten. Hoch bewerten, wenn sie direkten Zugang zur Verwaltungsspitze hat und ihre Rolle allen Fachbereichen bekannt ist.",
            "en": "A unit or person, such as the integration officer, coordinates the topic under a written mandate. Rate high when they have direct access to the head of the administration and every department knows their role."
          }
        },
        {
          "id": "governance-resources",
          "title": {
            "de": "Für Integration und Vielfalt stehen dauerhaft Personal und Haushaltsmittel bereit",
            "en": "Staff and budget for integration and diversity are available on a lasting basis"
          },
          "help": {
            "de": "Ein eigener Haushaltsposten und unbefristete Stellenanteile sprechen für Stufe 3 oder 4. Befristete Projektmittel ohne Plan für die Zeit danach entsprechen eher Stufe 1 oder 2.",
            "en": "A dedicated budget line and permanent staff time point to level 3 or 4. Fixed-term project money with no plan for what follows is closer to level 1 or 2."
          }
        }
      ]
    },
    {
      "id": "leadership",
      "title": {
        "de": "Haltung und Führung",
        "en": "Leadership and public stance"
      },
      "description": {
        "de": "Wie klar sich Bürgermeister:in, Verwaltungsspitze und Rat für Weltoffenheit und gegen Ausgrenzung und Rassismus positionieren und wie gut sie darauf vorbereitet sind. Gewicht 1,5, weil das Feld den Ansatz „Angebote für Entscheidungsträger:innen“ aufgreift.",
        "en": "How clearly the mayor, the head of the administration and the council take a stand for openness and against exclusion and racism, and how well prepared they are to do so. Weight 1.5, because this field takes up the approach of support for decision-makers."
      },
      "weight": 1.5,
      "indicators": [
        {
          "id": "leadership-public-stance",
          "title": {
            "de": "Die Verwaltungsspitze bezieht öffentlich Position für Weltoffenheit",
            "en": "The head of the administration speaks up publicly for openness"
          },
          "help": {
            "de": "Stufe 1: vereinzelte Äußerungen, meist aus einem Anlass heraus. Stufe 3: Das Bekenntnis zu Vielfalt gehört selbstverständlich zu Reden, Grußworten und Pressearbeit der Spitze, auch wenn es Gegenwind gibt.",
            "en": "Level 1: occasional statements, mostly prompted by an incident. Level 3: a commitment to diversity is a natural part of the leadership's speeches, greetings and press work, even when it meets resistance."
          }
        },
        {
          "id": "leadership-council-commitment",
          "title": {
            "de": "Der Rat hat sich per Beschluss zu Vielfalt und gegen Rassismus bekannt",
            "en": "The council has committed itself by resolution to diversity and against racism"
          },
          "help": {
            "de": "Das kann ein Ratsbeschluss, ein Leitbild oder der Beitritt zu einer Selbstverpflichtung sein. Stufe 4: Der Beschluss ist mit Maßnahmen hinterlegt, und dem Rat wird regelmäßig über deren Stand berichtet.",
            "en": "This can be a council resolution, a mission statement or signing up to a voluntary commitment. Level 4: the resolution is backed by measures and the council receives regular reports on their progress."
          }
        },
        {
          "id": "leadership-involvement",
          "title": {
            "de": "Die Verwaltungsspitze treibt den Prozess selbst voran",
            "en": "The head of the administration drives the process personally"
          },
          "help": {
            "de": "Hoch bewerten, wenn die Spitze an Planung und Workshop teilnimmt, Ressourcen freigibt und sich regelmäßig berichten lässt. Niedrig, wenn sie das Vorhaben zwar billigt, aber ganz der Fachebene überlässt.",
            "en": "Rate high when the leadership takes part in planning and in the workshop, releases resources and asks for regular updates. Rate low when it approves the project but leaves it entirely to staff."
          }
        }
      ]
    },
    {
      "id": "intercultural-opening",
      "title": {
        "de": "Interkulturelle Öffnung der Verwaltung",
        "en": "Intercultural opening of the administration"
      },
      "description": {
        "de": "Wie gut die Verwaltung als Arbeitgeberin und als Dienstleisterin auf eine vielfältige Einwohnerschaft eingestellt ist.",
        "en": "How well the administration, as an employer and as a service provider, is prepared for a diverse population."
      },
      "weight": 1.0,
      "indicators": [
        {
          "id": "intercultural-opening-workforce",
          "title": {
            "de": "Die Belegschaft der Verwaltung spiegelt die Vielfalt der Bevölkerung wider",
            "en": "The administration's workforce reflects the diversity of the population"
          },
          "help": {
            "de": "Hinweise sind gezielte Ansprache in Stellenanzeigen und Ausbildungsmarketing, das junge Menschen mit Einwanderungsgeschichte erreicht. Stufe 4: Eine freiwillige, anonyme Beschäftigtenbefragung zeigt die Entwicklung, und es gibt Ziele dafür.",
            "en": "Signs are targeted wording in job adverts and apprenticeship marketing that reaches young people with a migration history. Level 4: a voluntary, anonymous staff survey shows the trend and there are targets for it."
          }
        },
        {
          "id": "intercultural-opening-recruitment",
          "title": {
            "de": "Auswahlverfahren sind diskriminierungssensibel gestaltet",
            "en": "Recruitment procedures are designed to avoid discrimination"
          },
          "help": {
            "de": "Zum Beispiel strukturierte Interviews, geschulte Auswahlkommissionen und die Anerkennung im Ausland erworbener Abschlüsse. Stufe 3: Das gilt verbindlich für alle Stellenbesetzungen, nicht nur für einzelne Bereiche.",
            "en": "For example structured interviews, trained selection panels and recognition of qualifications gained abroad. Level 3: this is binding for all appointments, not just for some departments."
          }
        },
        {
          "id": "intercultural-opening-training",
          "title": {
            "de": "Beschäftigte werden zu Vielfalt und interkultureller Kompetenz fortgebildet",
            "en": "Staff receive training on diversity and intercultural competence"
          },
          "help": {
            "de": "Stufe 1: einzelne freiwillige Angebote. Stufe 3: ein regelmäßiges Programm, verpflichtend für Führungskräfte und Beschäftigte mit viel Publikumsverkehr. Stufe 4: Die Wirkung wird erhoben und das Programm angepasst.",
            "en": "Level 1: a few voluntary courses. Level 3: a regular programme that is mandatory for managers and for staff who deal with the public a lot. Level 4: its effect is measured and the programme adjusted."
          }
        }
      ]
    },
    {
      "id": "participation",
      "title": {
        "de": "Teilhabe und Mitwirkung",
        "en": "Participation and civic involvement"
      },
      "description": {
        "de": "Wie Menschen mit Einwanderungsgeschichte und ihre Organisationen an kommunalen Entscheidungen und am Gemeindeleben mitwirken können.",
        "en": "How people with a migration history and their organisations can take part in municipal decisions and in community life."
      },
      "weight": 1.0,
      "indicators": [
        {
          "id": "participation-advisory-council",
          "title": {
            "de": "Ein Integrations- oder Migrationsbeirat wird an Entscheidungen beteiligt",
            "en": "An integration or migration advisory council is involved in decisions"
          },
          "help": {
            "de": "Stufe 1: Das Gremium besteht, wird aber selten gehört. Stufe 3: Der Beirat erhält relevante Vorlagen rechtzeitig und hat Rede- oder Antragsrecht in den Ausschüssen. Wo es kein eigenes Gremium gibt, zählt eine gleichwertige Form der Mitsprache.",
            "en": "Level 1: the body exists but is rarely consulted. Level 3: the council receives relevant proposals in time and may speak or table motions in committees. Where there is no such body, an equivalent form of having a say counts."
          }
        },
        {
          "id": "participation-migrant-organisations",
          "title": {
            "de": "Migrant:innenorganisationen werden gefördert und als Partnerinnen einbezogen",
            "en": "Migrant organisations are supported and involved as partners"
          },
          "help": {
            "de": "Zum Beispiel durch Räume, Zuschüsse, Hilfe bei Förderanträgen und feste Plätze in Netzwerken und Gremien. Niedrig bewerten, wenn Kontakt nur bei Festen oder aus aktuellem Anlass besteht.",
            "en": "For example through rooms, grants, help with funding applications and permanent seats in networks and committees. Rate low when contact only happens at festivals or when something comes up."
          }
        },
        {
          "id": "participation-inclusive-formats",
          "title": {
            "de": "Beteiligungsverfahren erreichen auch Menschen mit Einwanderungsgeschichte",
            "en": "Public consultations also reach people with a migration history"
          },
          "help": {
            "de": "Etwa durch mehrsprachige Einladungen, Termine an vertrauten Orten und Kinderbetreuung. Stufe 4: Die Kommune wertet aus, wer teilgenommen hat, und passt ihre Verfahren daraufhin an.",
            "en": "For instance through invitations in several languages, meetings in familiar places and childcare. Level 4: the municipality analyses who took part and adapts its procedures accordingly."
          }
        }
      ]
    },
    {
      "id": "dialogue",
      "title": {
        "de": "Dialog und Zusammenhalt",
        "en": "Dialogue and social cohesion"
      },
      "description": {
        "de": "Wie die Menschen vor Ort miteinander ins Gespräch kommen, kommunale Themen gemeinsam gestalten und Konflikte bearbeiten. Gewicht 1,5, weil das Feld den Ansatz der Einwohner:innendialoge aufgreift.",
        "en": "How local people come into conversation with each other, shape local issues together and deal with conflict. Weight 1.5, because this field takes up the approach of residents' dialogues."
      },
      "weight": 1.5,
      "indicators": [
        {
          "id": "dialogue-events",
          "title": {
            "de": "Einwohner:innen, Verwaltung und Politik kommen in Dialogveranstaltungen zusammen",
            "en": "Residents, administration and politicians meet in dialogue events"
          },
          "help": {
            "de": "Stufe 2: Eine erste Veranstaltung ist geplant. Stufe 3: Es gibt regelmäßige Formate, an denen auch Wirtschaft und Zivilgesellschaft teilnehmen. Stufe 4: Ergebnisse werden dokumentiert und die Formate ausgewertet.",
            "en": "Level 2: a first event is being planned. Level 3: there are regular formats in which business and civil society take part as well. Level 4: results are documented and the formats are evaluated."
          }
        },
        {
          "id": "dialogue-reach",
          "title": {
            "de": "Die Dialogformate erreichen unterschiedliche und bisher wenig beteiligte Gruppen",
            "en": "Dialogue formats reach different groups, including those rarely involved so far"
          },
          "help": {
            "de": "Hoch bewerten, wenn gezielt eingeladen wird – aufsuchend, über Vereine und Communities, mehrsprachig – und nicht nur die üblichen Engagierten kommen. Niedrig, wenn allein über Amtsblatt und Webseite eingeladen wird.",
            "en": "Rate high when people are invited in a targeted way – in person, through clubs and communities, in several languages – and not only the usual active citizens turn up. Rate low when invitations go out only through the official gazette and the website."
          }
        },
        {
          "id": "dialogue-outcomes",
          "title": {
            "de": "Ergebnisse aus den Dialogen fließen in kommunales Handeln ein",
            "en": "Results of the dialogues feed into municipal action"
          },
          "help": {
            "de": "Stufe 1: Ergebnisse werden gesammelt. Stufe 3: Verwaltung und Politik äußern sich öffentlich dazu und setzen Vorschläge um. Stufe 4: Die Teilnehmenden erfahren, was aus ihren Vorschlägen geworden ist.",
            "en": "Level 1: results are collected. Level 3: the administration and politicians respond publicly and act on suggestions. Level 4: participants are told what became of their suggestions."
          }
        }
      ]
    },
    {
      "id": "anti-discrimination",
      "title": {
        "de": "Antidiskriminierung und Schutz vor Rassismus",
        "en": "Anti-discrimination and protection against racism"
      },
      "description": {
        "de": "Wie die Kommune Diskriminierung vorbeugt, Betroffene unterstützt und auf rassistische Vorfälle reagiert.",
        "en": "How the municipality prevents discrimination, supports those affected and responds to racist incidents."
      },
      "weight": 1.0,
      "indicators": [
        {
          "id": "anti-discrimination-counselling",
          "title": {
            "de": "Betroffene finden eine erreichbare Beratung bei Diskriminierung",
            "en": "People affected by discrimination can reach a counselling service"
          },
          "help": {
            "de": "Das kann eine eigene Stelle sein, eine gemeinsam mit Nachbarkommunen getragene oder die gezielte Vermittlung an eine Landesstelle. Stufe 3: Das Angebot ist bekannt, mehrsprachig beworben und ohne lange Wege erreichbar.",
            "en": "This can be the municipality's own service, one shared with neighbouring municipalities or a deliberate referral to a state-level service. Level 3: the service is known, advertised in several languages and can be reached without long journeys."
          }
        },
        {
          "id": "anti-discrimination-complaints",
          "title": {
            "de": "Es gibt ein Beschwerdeverfahren bei Diskriminierung durch die Verwaltung",
            "en": "There is a complaints procedure for discrimination by the administration"
          },
          "help": {
            "de": "Stufe 3: Ein vertrauliches Verfahren mit klarer Zuständigkeit und Fristen ist eingeführt und bekannt. Stufe 4: Beschwerden werden ausgewertet, und daraus folgen Änderungen in der Verwaltung.",
            "en": "Level 3: a confidential procedure with clear responsibility and deadlines is in place and known. Level 4: complaints are analysed and lead to changes in the administration."
          }
        },
        {
          "id": "anti-discrimination-incident-response",
          "title": {
            "de": "Die Kommune reagiert abgestimmt auf rassistische Vorfälle",
            "en": "The municipality responds to racist incidents in a coordinated way"
          },
          "help": {
            "de": "Bei Anfeindungen, Schmierereien oder Angriffen ist geklärt, wer Betroffene unterstützt, wer öffentlich Stellung bezieht und wer mit Polizei und Beratungsstellen Kontakt hält. Niedrig bewerten, wenn jeder Fall neu improvisiert wird.",
            "en": "For hostility, graffiti or attacks it is agreed who supports those affected, who takes a public stand and who keeps in touch with the police and counselling services. Rate low when every case is improvised from scratch."
          }
        }
      ]
    },
    {
      "id": "communication",
      "title": {
        "de": "Kommunikation und Öffentlichkeitsarbeit",
        "en": "Communication and public relations"
      },
      "description": {
        "de": "Wie die Kommune über Vielfalt spricht, wen sie mit ihren Informationen erreicht und wie sie mit Hass und Falschmeldungen umgeht.",
        "en": "How the municipality talks about diversity, whom its information reaches and how it deals with hate and false reports."
      },
      "weight": 1.0,
      "indicators": [
        {
          "id": "communication-narrative",
          "title": {
            "de": "Die Kommune vermittelt ein gemeinsames, inklusives Bild ihrer Vielfalt",
            "en": "The municipality conveys a shared, inclusive picture of its diversity"
          },
          "help": {
            "de": "Zum Beispiel ein Leitbild oder eine Kampagne, die betont, was die Menschen vor Ort verbindet. Stufe 3: Die Kernbotschaften sind abgestimmt und werden von Spitze, Pressestelle und Fachbereichen einheitlich genutzt.",
            "en": "For example a mission statement or a campaign that stresses what local people have in common. Level 3: the key messages are agreed and used consistently by the leadership, the press office and departments."
          }
        },
        {
          "id": "communication-planning",
          "title": {
            "de": "Die Öffentlichkeitsarbeit zu Vielfalt und Integration ist geplant",
            "en": "Public relations on diversity and integration are planned"
          },
          "help": {
            "de": "Stufe 1: einzelne Pressemitteilungen aus aktuellem Anlass. Stufe 3: ein Themenplan mit Zuständigkeiten und Kanälen. Stufe 4: Reichweite und Resonanz werden ausgewertet und fließen in die Planung ein.",
            "en": "Level 1: occasional press releases when something happens. Level 3: a topic plan with responsibilities and channels. Level 4: reach and response are evaluated and feed into planning."
          }
        },
        {
          "id": "communication-channels",
          "title": {
            "de": "Informationen erreichen Zugewanderte über passende Kanäle",
            "en": "Information reaches immigrants through suitable channels"
          },
          "help": {
            "de": "Zum Beispiel mehrsprachige Beiträge in sozialen Medien, Multiplikator:innen aus den Communities und Aushänge an Orten, an denen sich Menschen treffen. Niedrig bewerten, wenn nur deutschsprachige amtliche Kanäle genutzt werden.",
            "en": "For example posts in several languages on social media, multipliers from the communities and notices in places where people meet. Rate low when only official channels in German are used."
          }
        }
      ]
    }
  ]
};
