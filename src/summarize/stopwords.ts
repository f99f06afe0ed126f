/** Function words of Dutch and English, left out of sentence similarity. */
export const STOPWORDS = new Set(
  (
    "de het een en of maar in op aan van voor met naar bij uit door over als dat die dit deze er is zijn was waren " +
    "wordt worden werd werden heeft hebben had hadden zal zullen zou zouden kan kunnen kon konden niet geen ook nog " +
    "al wel dan toen nu hij zij ze wij we ik je u hun haar hem zich wat wie waar hoe om te tot dus want omdat " +
    "the a an and or but in on at of for with to from by as that this these those is are was were be been being " +
    "has have had will would can could shall should may might must not no also still just then now he she they we " +
    "i you his her their its it him them us our what who where how which there so if than into about after before " +
    "s t n said says zei zegt mr mrs"
  ).split(" "),
);
