/**
 * The words the summarizer needs to know per language: speech verbs, pronouns, honorifics, role
 * words, connectives. Adding a language is adding a table here.
 */

export interface Lexicon {
  /** Compounds are written as one word, so `Noord-Koreagezant` ends in the role `gezant`. */
  compounds: boolean;
  /** Verb-second word order: after a fronted phrase the subject follows the verb (`Tegen de BBC zei hij`). */
  verbSecond: boolean;
  /** A speech verb in the plural: `zeggen`, `zeiden` (for telling Dutch `zij` she from `zij` they). */
  pluralVerb: RegExp;
  /** Auxiliaries that may stand between a subject and its speech verb (`had said`, `heeft gezegd`). */
  auxiliaries: readonly string[];
  /** Finite forms and participles of verbs that report speech or writing. */
  speechVerbs: readonly string[];
  /** Separable verbs: the verb, and the particle that must follow it in the clause (`voegde … toe`). */
  particleVerbs: ReadonlyArray<{ verbs: readonly string[]; particle: string }>;
  /** Verbs that quote only with a preposition right after them (`spreekt van ‘…’`, not `sprak over`). */
  prepositionVerbs: ReadonlyArray<{ verbs: readonly string[]; preposition: string }>;
  /** `volgens X`, `according to X`, `aldus X`: attribution without a verb, the source after it. */
  sourceMarkers: readonly string[];
  /** Words after which a quote is the object of the speech verb (`zei dat …`). */
  complementizers: readonly string[];
  pronouns: {
    male: readonly string[];
    female: readonly string[];
    plural: readonly string[];
    either: readonly string[];
  };
  /** Object forms that attribute after a source marker: `volgens hem`. */
  objectPronouns: { male: readonly string[]; female: readonly string[]; plural: readonly string[] };
  /** Titles of address written before a name (`dr.`, `Mr.`), without the period. */
  honorifics: readonly string[];
  /** Female and male titles of address and nouns, for a person's gender. */
  femaleWords: readonly string[];
  maleWords: readonly string[];
  /** Nouns that name a person by gender alone (`de vrouw`, `the man`), not by kin (`the mother`). */
  genderNouns: readonly string[];
  /** Job titles and roles that stand before a name (`woordvoerder`, `Sheriff`), lowercase. */
  roles: readonly string[];
  /** Endings that make a compound a role noun (`defensieanalist`, `Omroep MAX-baas`). */
  roleEndings: readonly string[];
  /** Nouns for a body that speaks as one (`de groep`, `the police`): speakers, not roles. */
  speakerNouns: readonly string[];
  /** Articles and possessives that open a noun phrase. */
  determiners: readonly string[];
  /** Adverbs that may stand between a speech verb and its subject (`zegt ook X`). */
  adverbs: readonly string[];
  /** Words that open a sentence but need what came before: a pronoun or a connective. */
  needsContext: readonly string[];
  /** Capitalized words that are never names (sentence openers, days, months). */
  notNames: readonly string[];
  /** Adjectives of nationality or origin that are capitalized but no names (`Iranian`, `Polish`). */
  demonyms: readonly string[];
  /** Capitalized adjectives of a place, by their ending (`Britse`, `Amsterdamse`): no names before a comma. */
  adjectiveOfPlace: RegExp;
  /** Particles inside names (`van der`, `de`). */
  nameParticles: readonly string[];
  /** Prepositions: never a verb of manner (`…' in Dumbarton.`). */
  prepositions: readonly string[];
  /** Words before a quoted span that make it a title or a term (`het boek`, `de leus`). */
  titleCues: readonly string[];
}

const words = (s: string): string[] => s.trim().split(/\s+/u);

export const DUTCH: Lexicon = {
  compounds: true,
  pluralVerb: /(?:en|den|ten)$|^zijn$/u,
  adjectiveOfPlace: /\p{Ll}(?:se|sche|ische|isch|ese|aanse|aans|iaanse|ense)$/u,
  verbSecond: true,
  auxiliaries: words(
    "heeft hebben had hadden is was zijn waren zal zullen zou zouden kan kon konden wil wilde moet moest wordt werd",
  ),
  speechVerbs: words(`
    zegt zeg zeggen zei zeiden gezegd vertelt vertellen vertelde vertelden verteld stelt stellen stelde stelden
    gesteld schrijft schrijven schreef schreven geschreven verklaart verklaren verklaarde verklaarden verklaard
    benadrukt benadrukken benadrukte benadrukten waarschuwt waarschuwen waarschuwde waarschuwden gewaarschuwd
    reageert reageren reageerde reageerden gereageerd meldt melden meldde meldden gemeld twittert twitterde
    twitterden tweet tweette tweetten getweet antwoordt antwoorden antwoordde antwoordden geantwoord
    concludeert concludeerde concludeerden betoogt betoogde betoogden erkent erkende erkenden belooft beloofde
    beloofden roept riep riepen vindt vinden vond vonden zucht zuchtte verzucht verzuchtte citeert citeerde
    verzekert verzekerde onderstreept onderstreepte noemt noemen noemde noemden genoemd vraagt vragen vroeg
    vroegen bepleit bepleitte pleit pleitte oppert opperde beaamt beaamde bevestigt bevestigde ontkent ontkende
    klaagt klaagde lacht lachte grapt grapte meent meende hoopt hoopte vervolgt vervolgde schetst schetste
    beschrijft beschreef zingt zong scandeert scandeerde scandeerden schreeuwt schreeuwde fluistert fluisterde
    mompelt mompelde getuigt getuigde bekent bekende repliceert repliceerde sneert sneerde oordeelt oordeelde
    eist eiste dreigt dreigde constateert constateerde garandeert garandeerde postte verdedigt verdedigde
    moppert mopperde juicht juichte briest brieste besluit stipt stipte preciseert preciseerde aldus lachen
    lachten zuchten klagen klaagden menen meenden hopen hoopten zingen zongen schreeuwden eisen eisten
    dreigen dreigden bevestigen bevestigden ontkennen ontkenden beamen verklaarden getuigen getuigden
    bekennen bekenden vervolgen grijnst grijnsde glimlacht glimlachte verzuchten antwoordt denkt dacht
    vermoedt vermoedde
  `),
  particleVerbs: [
    { verbs: words("voegt voegde voegden geeft gaf gaven"), particle: "toe" },
    { verbs: words("laat liet lieten laten"), particle: "weten" },
    { verbs: words("geeft gaf gaven"), particle: "aan" },
    { verbs: words("vult vulde vulden"), particle: "aan" },
    { verbs: words("legt legde legden"), particle: "uit" },
    { verbs: words("licht lichtte lichtten"), particle: "toe" },
    { verbs: words("merkt merkte merkten"), particle: "op" },
    { verbs: words("roept riep riepen"), particle: "op" },
    { verbs: words("houdt hield hielden"), particle: "vol" },
    { verbs: words("gaat ging gingen"), particle: "verder" },
    { verbs: words("biecht biechtte"), particle: "op" },
    { verbs: words("wijst wees"), particle: "erop" },
    { verbs: words("sluit sloot"), particle: "af" },
    { verbs: words("blikt blikte blikten kijkt keek keken"), particle: "terug" },
  ],
  prepositionVerbs: [{ verbs: words("spreekt spreken sprak spraken"), preposition: "van" }],
  sourceMarkers: ["volgens", "aldus"],
  complementizers: words("dat of om te als"),
  pronouns: { male: ["hij"], female: [], plural: ["wij", "we"], either: ["zij", "ze"] },
  objectPronouns: { male: ["hem"], female: ["haar"], plural: ["hen", "hun"] },
  honorifics: words("dhr mevr mw mr dr drs ir ing prof ds meneer mevrouw"),
  femaleWords: words(`
    mevrouw mevr mw moeder dochter zus zuster vrouw echtgenote weduwe oma grootmoeder tante nicht vriendin
    zangeres actrice schrijfster woordvoerster koningin prinses
  `),
  maleWords: words("meneer dhr vader zoon broer man echtgenoot weduwnaar opa grootvader oom neef vriend koning prins"),
  genderNouns: words("vrouw man meneer mevrouw jongen meisje jongeman"),
  roles: words(`
    woordvoerder woordvoerster minister premier burgemeester wethouder staatssecretaris president
    minister-president koning koningin prins prinses paus kardinaal bisschop pastoor dominee advocaat advocate
    rechter officier aanklager directeur voorzitter hoogleraar professor onderzoeker trainer coach bondscoach
    statisticus politiechef korpschef commandant generaal kolonel kapitein luitenant-generaal ambassadeur
    gouverneur senator kamerlid raadslid fractievoorzitter lijsttrekker partijleider topman topvrouw
    bestuurder oprichter eigenaar manager econoom analist deskundige expert historicus psycholoog arts
    dokter chirurg verpleegkundige kunstenaar schrijver zanger zangeres acteur actrice spits keeper
    aanvoerder verdediger middenvelder doelman ploeggenoot teamgenoot collega buurman buurvrouw vriend
    vriendin moeder vader zoon dochter broer zus oom tante opa oma echtgenoot echtgenote weduwe klant
    bewoner inwoner medewerker werknemer agent verdachte slachtoffer getuige ooggetuige nabestaande
    journalist verslaggever presentator fotograaf student leerling docent leraar lerares schoolleider
    ondernemer boer visser piloot kapitein schipper leider baas chef secretaris-generaal commissaris
    vicepremier ceo cfo natuurgenezer schepen gedeputeerde strijder militair soldaat gezant
    zaken economie financiën defensie justitie onderwijs mobiliteit volksgezondheid infrastructuur klimaat
    landbouw cultuur welzijn milieu verkeer wonen asiel migratie
  `),
  roleEndings: words(`
    voerder voerster directeur voorzitter minister woordvoerder onderzoeker deskundige expert kenner analist
    econoom advocaat officier rechter baas chef leider trainer coach speler spits keeper zanger zangeres
    schrijver kunstenaar arts politicus lid ondernemer eigenaar bewoner medewerker manager topman bestuurder
    commissaris secretaris generaal president premier icus loog oloog iater
  `),
  speakerNouns: words(`
    groep partij politie bedrijf ministerie organisatie bond vakbond brigade vereniging familie ouders broers
    zussen gemeente provincie regering kabinet rechtbank hof school universiteit museum club bestuur raad
    commissie stichting fabrikant supermarkt omroep krant zender ziekenhuis kliniek bank brandweer leger
    justitie werkgever werkgevers actievoerders demonstranten bewoners inwoners ondernemers boeren
  `),
  determiners: words("de het een zijn haar hun onze mijn ons één beide enkele"),
  adverbs: words(`
    ook nu dan wel nog zelf gisteren vandaag eerder later daarover daarop er immers echter tenslotte
    desgevraagd achteraf vervolgens verder bovendien meteen direct toen inmiddels daarbij vorige week
    vanochtend vanmiddag gisteravond zaterdag zondag maandag dinsdag woensdag donderdag vrijdag
  `),
  needsContext: words(`
    hij zij ze het dat dit die deze daarom daardoor daarna daarmee daarbij daarin daarvoor daarnaast
    bovendien toch ook maar en want dus zo echter wel verder tevens evenmin eveneens vervolgens zij hun haar
    zijn hem er ook
  `),
  notNames: words(`
    de het een in op maar en als dat dit die deze er hij zij ze wij we ik om te na bij voor met over volgens
    toen ook nu aan van uit door of want dus zo wel niet geen al toch dan nog waar wat wie hoe waarom welke
    alleen hoewel terwijl omdat nadat voordat sinds tot tijdens daarom daarna daarmee bovendien verder
    vervolgens echter inmiddels intussen ondertussen zelfs vooral ook mede hier daar ieder iedereen niemand
    veel weinig meer minder sommige enkele andere alle beide elk elke zijn haar hun mijn onze jullie u je
    dhr mevr mr dr prof drs ir ing alsof zodat tenzij mits zodra totdat zowel noch evenals pas net nee ja
    wie wat welk hoeveel waarom wanneer zoals ondanks dankzij behalve zonder
  `),
  demonyms: words(`
    nederlands duits frans engels brits belgisch italiaans spaans amerikaans russisch chinees japans turks
    europees afrikaans arabisch iraans iraaks israëlisch oekraïens pools grieks noors zweeds deens fins
  `),
  nameParticles: words("van de der den ter ten te von da di du le la 't"),
  prepositions: words(
    "in op bij na voor tijdens over met aan uit door tot sinds vanaf onder tussen zonder naar van om tegen achter naast rond",
  ),
  titleCues: words(`
    getiteld genaamd titel heet boek film serie campagne slogan motto leus hashtag expo tentoonstelling
    programma album lied single voorstelling musical roman bundel rapport studie zogeheten zogenoemde
    zogenaamde
  `),
};

export const ENGLISH: Lexicon = {
  compounds: false,
  pluralVerb: /^$/u,
  // English adjectives of place are in `demonyms`; `Giese`, `Reese` are surnames.
  adjectiveOfPlace: /^$/u,
  verbSecond: false,
  auxiliaries: words(
    "has have had would will could should did does do is was were has been had been might may must also",
  ),
  speechVerbs: words(`
    say says said saying tell tells told telling add adds added ask asks asked reply replies replied explain
    explains explained note notes noted state states stated write writes wrote written tweet tweets tweeted
    posted argue argues argued claim claims claimed insist insists insisted warn warns warned urge
    urges urged announce announces announced declare declares declared continue continues continued recall
    recalls recalled admit admits admitted acknowledge acknowledges acknowledged concede concedes conceded
    confirm confirms confirmed describe describes described call calls called testify testifies testified
    comment comments commented remark remarks remarked observe observes observed suggest suggests suggested
    believe believes believed think thinks thought report reports reported conclude concludes concluded
    emphasize emphasizes emphasized emphasise emphasises emphasised stress stresses stressed promise
    promises promised vow vows vowed pledge pledges pledged joke jokes joked quip quips quipped complain
    complains complained caution cautions cautioned predict predicts predicted respond responds responded
    answer answers answered shout shouts shouted scream screamed whisper whispered exclaim exclaimed reveal
    reveals revealed mention mentions mentioned agree agrees agreed deny denies denied recount recounts
    recounted term terms termed speaking wrote adding noting stating explaining warning telling observing
    commenting arguing claiming insisting describing calling
  `),
  particleVerbs: [{ verbs: words("point points pointed"), particle: "out" }],
  prepositionVerbs: [],
  sourceMarkers: ["according to", "quoted as saying"],
  complementizers: words("that whether if to"),
  pronouns: { male: ["he"], female: ["she"], plural: ["they", "we"], either: [] },
  objectPronouns: { male: ["him"], female: ["her"], plural: ["them"] },
  honorifics: words("mr mrs ms miss dr prof sir dame lord lady rev"),
  femaleWords: words(`
    mrs ms miss dame lady mother daughter sister wife widow woman girl grandmother aunt niece queen princess
    actress chairwoman spokeswoman businesswoman congresswoman
  `),
  maleWords: words(`
    mr sir lord father son brother husband widower man boy grandfather uncle nephew king prince chairman
    spokesman businessman congressman
  `),
  genderNouns: words("woman man lady gentleman girl boy"),
  roles: words(`
    president vice-president minister secretary senator sen representative rep congressman congresswoman
    governor gov mayor judge justice sheriff captain capt chief commissioner inspector detective officer
    sergeant sgt general gen colonel col lieutenant admiral king queen prince princess pope cardinal bishop
    archbishop chancellor speaker leader whip director professor prof coach chairman chairwoman chair deputy
    ambassador councillor councilor premier spokesman spokeswoman spokesperson lawyer attorney prosecutor
    analyst economist expert researcher scientist doctor surgeon nurse executive ceo founder owner manager
    chairperson head commander superintendent constable magistrate mp mep member opponent
    state defense defence justice health education finance affairs interior treasury commerce energy labor
    labour transport agriculture housing vice prime acting former senior interim
  `),
  roleEndings: words("man woman person ist"),
  speakerNouns: words(`
    group party police company ministry department organisation organization union family parents brothers
    government cabinet court school university museum club board council committee foundation firm army
    navy military agency office authority authorities hospital bank campaigners protesters residents
    officials researchers scientists study report
  `),
  determiners: words("the a an his her its their our my one some several both"),
  adverbs: words("also then later today yesterday again further previously earlier recently once still"),
  needsContext: words(`
    he she it they this that these those however but and so also therefore thus meanwhile instead then
    there his her its their him them such
  `),
  notNames: words(`
    the a an in on at but and if when while after before he she it they we i this that these those his her
    its their there what who how why where which as so yet some many most more other such all both each
    every no not none one also however although though because since until unless despite during among
    meanwhile instead then now here today yesterday tomorrow according critics officials monday tuesday
    wednesday thursday friday saturday sunday january february march april may june july august september
    october november december mr mrs ms dr prof whether unless whereas altogether yes no
  `),
  demonyms: words(`
    american british english french german dutch italian spanish russian chinese japanese turkish european
    african arab arabic iranian iraqi israeli palestinian ukrainian polish greek swedish norwegian danish
    finnish irish scottish welsh canadian australian mexican brazilian indian pakistani afghan syrian
    egyptian nigerian kenyan korean north south western eastern northern southern federal national
    international democratic republican
  `),
  nameParticles: words("of de da van von bin al el le la du di"),
  prepositions: words("in on at by for with from of to about into over under after before during since without near"),
  titleCues: words(`
    titled entitled called named dubbed book film movie series campaign slogan motto hashtag exhibition
    programme program album song single show novel report study case bill act so-called
  `),
};

/** The table for a language; an unknown language gets both, which still finds speech in either. */
export function lexiconFor(lang: string): Lexicon {
  if (lang === "nl") return DUTCH;
  if (lang === "en") return ENGLISH;
  return BOTH;
}

function merge(a: Lexicon, b: Lexicon): Lexicon {
  const out = {} as Record<string, unknown>;
  for (const key of Object.keys(a) as Array<keyof Lexicon>) {
    const x = a[key] as unknown;
    const y = b[key] as unknown;
    if (typeof x === "boolean" || x instanceof RegExp) out[key] = x;
    else if (Array.isArray(x)) out[key] = [...x, ...(y as unknown[])];
    else {
      const inner: Record<string, unknown[]> = {};
      for (const k of Object.keys(x as object))
        inner[k] = [...(x as Record<string, unknown[]>)[k]!, ...(y as Record<string, unknown[]>)[k]!];
      out[key] = inner;
    }
  }
  return out as unknown as Lexicon;
}

const BOTH = merge(DUTCH, ENGLISH);
